"""Background work of the diagnosis app: drawing the blank questionnaires' PDFs (paper.py) and
rebuilding the peers matrix (neighbours.py)."""

from __future__ import annotations

from django.conf import settings
from django.utils import translation
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from . import paper, selectors


@db_task()
def peers_matrix_build_task(key: str) -> None:
    """Rebuild the peers matrix after its data changed (neighbours.matrix serves the previous one
    meanwhile); nothing when another process already built it."""
    from django.core.cache import cache

    from . import neighbours

    if key == neighbours.matrix_key() and cache.get(key) is None:
        neighbours.matrix_store(key)
    cache.delete(f"{key}:building")


@db_task()
def paper_pdf_build_task(slug: str, version: int, language: str) -> str | None:
    """Build the PDF of one published version in one language; its storage name (None if the
    version does not exist)."""
    iv = selectors.instrument_version_get(slug=slug, version=version)
    if iv is None:
        return None
    with translation.override(language):
        return paper.paper_pdf_build(selectors.instrument_of(iv)).name


def paper_pdfs_refresh() -> list[str]:
    """Build the PDF of every published version in every language where storage lacks it (a new
    version, a deploy that changed the template or a translation); the names built. Checking a
    built one costs a template render and a cache read."""
    built, current = [], set()
    for iv in selectors.instrument_version_list():
        instrument = selectors.instrument_of(iv)
        for language, _name in settings.LANGUAGES:
            with translation.override(language):
                target, _html = paper.paper_pdf_target(instrument)
                current.add(target.name)
                if paper.paper_pdf_stored(target) is None:
                    built.append(paper.paper_pdf_build(instrument).name)
    paper.paper_pdfs_prune(keep=current)
    return built


# So that the first person to ask for a questionnaire's PDF after a publication or a deploy does
# not wait for it; minute 50 keeps clear of the other hourly jobs.
@db_periodic_task(crontab(minute="50"))
def paper_pdfs_refresh_hourly() -> list[str]:
    return paper_pdfs_refresh()
