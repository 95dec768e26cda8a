"""Results, reports, rankings and exports (being written)."""

from django.http import Http404


def _pending(*args, **kwargs):
    raise Http404


ranking = export_responses = export_scores = open_scores = participation_results = participation_pdf = _pending
propose_challenge = _pending
