"""The blank questionnaire on paper: an instrument version as a form to print, fill in by hand
in a meeting and type in afterwards (issue 17, "paper first, typed later").

One description of the paper form (`paper_questionnaire`) feeds both the printable HTML page
and the tagged PDF, so they cannot say different things. Each question carries its code (the
`id` of the instrument file, the same code as in the exports and the data dictionary), how to
answer it, its options as boxes to tick, and the condition under which it applies.

The PDF is the same for every request of a given version and language, and drawing it costs far
more than a request may (measured: 1.4 s for madurez-digital, 44 questions on 10 pages; 0.5 s for
seguridad-publica): it is built once by the task queue into storage, under a name derived from
the content it prints, and served from there (`core.exports.file_response`; about 10 ms a
request, most of it rendering the HTML whose digest names the file). A changed template or
translation gives a new name, so a stale PDF is never served: the hourly refresh
(tasks.paper_pdfs_refresh) builds the new one, and a visitor who asks first gets the "being
prepared" page while the build is queued.
"""

from __future__ import annotations

import hashlib
import logging
import os
import time
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from django.core.cache import cache
from django.core.files.storage import default_storage
from django.template.loader import render_to_string
from django.utils import formats, timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from hublocal.core.exports import StoredFile, write_file

from .instruments import Instrument, Question

logger = logging.getLogger(__name__)

PAPER_DIR = "diagnosis/cuestionarios"
# How long the metadata of a built PDF (size, date) is remembered: the file itself never changes.
META_SECONDS = 24 * 3600
# A queued build holds back further requests for it this long (a lost task is retried after).
QUEUED_SECONDS = 5 * 60


@dataclass(frozen=True)
class PaperOption:
    code: str
    label: str
    note: str = ""


@dataclass(frozen=True)
class PaperQuestion:
    number: str  # "2.3": dimension 2, question 3, as on the screens' section numbering
    code: str
    text: str
    help: str
    type: str
    required: bool
    how: str  # how to answer, in words
    condition: str  # when the question applies ("" = always)
    options: tuple[PaperOption, ...] = ()
    round_boxes: bool = False  # one answer only: round marks, as on most paper forms
    unit: str = ""
    lines: int = 0  # ruled lines for a free-text answer

    @property
    def line_slots(self) -> range:
        return range(self.lines)


@dataclass(frozen=True)
class PaperDimension:
    number: int
    id: str
    title: str
    description: str
    questions: tuple[PaperQuestion, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class PaperQuestionnaire:
    instrument: Instrument
    dimensions: tuple[PaperDimension, ...]

    @property
    def question_count(self) -> int:
        return sum(len(d.questions) for d in self.dimensions)


def _num(value: float | None) -> str:
    if value is None:
        return ""
    shown: float | int = int(value) if float(value).is_integer() else value
    return formats.number_format(shown, use_l10n=True, force_grouping=abs(shown) >= 10000)


def _value_label(target: Question | None, value: Any) -> str:
    """A value a condition compares with, as the person wrote it on paper."""
    if isinstance(value, bool):
        return _("Sí") if value else _("No")
    if target is not None:
        option = target.option(str(value))
        if option is not None:
            return option.label
    return str(value)


def _condition(instrument: Instrument, q: Question) -> str:
    c = q.show_if
    if c is None:
        return ""
    target = instrument.question(c.question)
    code = c.question
    if c.answered is not None:
        if c.answered:
            return _("Responda solo si respondió la pregunta %(code)s.") % {"code": code}
        return _("Responda solo si dejó sin respuesta la pregunta %(code)s.") % {"code": code}
    values = [c.equals] if c.in_ is None else list(c.in_)
    labels = f" {_('o')} ".join(f"«{_value_label(target, v)}»" for v in values)
    if target is not None and target.type == "multiple":
        return _("Responda solo si en la pregunta %(code)s marcó %(labels)s.") % {"code": code, "labels": labels}
    return _("Responda solo si en la pregunta %(code)s respondió %(labels)s.") % {"code": code, "labels": labels}


def _question(instrument: Instrument, number: str, q: Question) -> PaperQuestion:
    options: tuple[PaperOption, ...] = ()
    round_boxes = False
    unit = ""
    lines = 0
    if q.type == "single":
        how = _("Marque una opción.")
        options = tuple(PaperOption(o.id, o.label) for o in q.options)
        round_boxes = True
    elif q.type == "multiple":
        how = _("Marque todas las que correspondan.")
        options = tuple(
            PaperOption(o.id, o.label, _("no la combine con otras") if o.exclusive else "") for o in q.options
        )
    elif q.type == "yesno":
        how = _("Marque una opción.")
        options = (PaperOption("si", _("Sí")), PaperOption("no", _("No")))
        round_boxes = True
    elif q.type == "scale":
        how = _("Marque un valor de 1 a 5.")
        notes = {1: q.scale_min_label, 5: q.scale_max_label}
        options = tuple(PaperOption(str(n), str(n), notes.get(n, "")) for n in range(1, 6))
        round_boxes = True
    elif q.type == "number":
        bounds = {"min": _num(q.number_min), "max": _num(q.number_max)}
        if q.number_integer:
            how = _("Escriba un número entero entre %(min)s y %(max)s.") % bounds
        else:
            how = _("Escriba un número entre %(min)s y %(max)s.") % bounds
        unit = q.number_unit
    else:  # text
        how = _("Respuesta libre, de hasta %(n)s caracteres.") % {"n": _num(q.max_length)}
        # Room to write by hand, within reason: about 300 characters a line-and-a-half.
        lines = max(3, min(8, q.max_length // 300))
    return PaperQuestion(
        number=number,
        code=q.id,
        text=q.text,
        help=q.help,
        type=q.type,
        required=q.required,
        how=how,
        condition=_condition(instrument, q),
        options=options,
        round_boxes=round_boxes,
        unit=unit,
        lines=lines,
    )


def paper_questionnaire(instrument: Instrument) -> PaperQuestionnaire:
    """The blank form of an instrument, dimension by dimension, in the order of the screens."""
    dims = []
    for i, d in enumerate(instrument.dimensions, start=1):
        questions = tuple(_question(instrument, f"{i}.{j}", q) for j, q in enumerate(d.questions, start=1))
        dims.append(PaperDimension(number=i, id=d.id, title=d.title, description=d.description, questions=questions))
    return PaperQuestionnaire(instrument=instrument, dimensions=tuple(dims))


def _lang() -> str:
    lang = get_language() or "es"
    return "es-CL" if lang.startswith("es") else lang


def paper_pdf_html(instrument: Instrument) -> str:
    """The HTML WeasyPrint draws the PDF from (cheap: a template render, no query)."""
    return render_to_string(
        "diagnosis/paper_pdf.html", {"paper": paper_questionnaire(instrument), "lang": _lang(), "pdf": True}
    )


def render_pdf(html: str) -> bytes:
    """Draw the paper questionnaire as a tagged A4 PDF (PDF/UA-1), as reports.report_pdf does:
    headings, lists and tables become the structure tree, in reading order. Deterministic for
    the same HTML (fixed identifier, no creation date)."""
    from weasyprint import HTML

    os.environ.setdefault("SOURCE_DATE_EPOCH", "0")
    identifier = hashlib.sha256(html.encode()).hexdigest()[:32].encode()
    pdf: bytes = HTML(string=html, base_url=None).write_pdf(pdf_variant="pdf/ua-1", pdf_identifier=identifier)
    return pdf


@dataclass(frozen=True)
class PaperPdf:
    """Where the PDF of one version in one language lives (or will live) in storage."""

    name: str
    digest: str
    filename: str


def paper_pdf_target(instrument: Instrument, html: str | None = None) -> tuple[PaperPdf, str]:
    """The storage name of the PDF that `html` (the current template and translation of the
    instrument) gives, and that HTML."""
    html = html if html is not None else paper_pdf_html(instrument)
    digest = hashlib.sha256(html.encode()).hexdigest()[:20]
    lang = (get_language() or "es").split("-")[0]
    stem = f"cuestionario-{instrument.slug}-v{instrument.version}"
    return PaperPdf(name=f"{PAPER_DIR}/{stem}-{lang}-{digest}.pdf", digest=digest, filename=f"{stem}.pdf"), html


def _meta_key(target: PaperPdf) -> str:
    return f"diagnosis:paper-pdf:{target.name}"


def paper_pdf_stored(target: PaperPdf) -> StoredFile | None:
    """The built PDF, if storage has it. Its size and date are remembered in the cache, so a
    download costs a cache read and the file's bytes."""
    data = cache.get(_meta_key(target))
    if data is not None:
        return StoredFile.from_dict(data)
    if not default_storage.exists(target.name):
        return None
    try:
        modified = default_storage.get_modified_time(target.name)
    except (NotImplementedError, OSError):
        modified = timezone.now()
    stored = StoredFile(
        name=target.name,
        size=default_storage.size(target.name),
        etag=f'"{target.digest}"',
        modified=modified,
        filename=target.filename,
        content_type="application/pdf",
    )
    cache.set(_meta_key(target), stored.as_dict(), META_SECONDS)
    return stored


def paper_pdf_build(instrument: Instrument) -> StoredFile:
    """Draw the PDF of `instrument` in the active language and write it to storage, unless it
    is there already (another worker built it). Runs on the task queue (tasks.py)."""
    target, html = paper_pdf_target(instrument)
    stored = paper_pdf_stored(target)
    if stored is not None:
        return stored
    clock = time.monotonic()
    pdf = render_pdf(html)
    written = write_file(target.name, [pdf], compressed_copy=False)  # a PDF hardly compresses
    if written.name != target.name:
        # Another worker saved the same name meanwhile: storage kept both; ours is the extra copy.
        default_storage.delete(written.name)
    logger.info("paper questionnaire %s built in %.2f s", target.name, time.monotonic() - clock)
    cache.delete(_queued_key(instrument.slug, instrument.version, get_language() or "es"))
    stored = paper_pdf_stored(target)
    assert stored is not None  # just written
    return stored


def paper_pdfs_prune(*, keep: set[str], older_than: timedelta = timedelta(days=1)) -> list[str]:
    """Delete the PDFs of earlier templates or translations (names not in `keep`) once they are
    a day old: a process of the previous deploy may still be serving one for a while."""
    if not default_storage.exists(PAPER_DIR):
        return []
    limit = timezone.now() - older_than
    gone = []
    for filename in default_storage.listdir(PAPER_DIR)[1]:
        name = f"{PAPER_DIR}/{filename}"
        if name in keep:
            continue
        try:
            old = default_storage.get_modified_time(name) < limit
        except (NotImplementedError, OSError):
            old = False
        if old:
            default_storage.delete(name)
            gone.append(name)
    return gone


def _queued_key(slug: str, version: int, lang: str) -> str:
    return f"diagnosis:paper-pdf-queued:{slug}:{version}:{lang}"


def paper_pdf_request(slug: str, version: int) -> bool:
    """Queue the build of a version's PDF in the active language unless one is queued already;
    whether this call queued it. With an immediate queue (tests, the demo's browser tests) the
    PDF exists when this returns."""
    from . import tasks

    lang = get_language() or "es"
    if not cache.add(_queued_key(slug, version, lang), 1, QUEUED_SECONDS):
        return False
    tasks.paper_pdf_build_task(slug, version, lang)
    return True
