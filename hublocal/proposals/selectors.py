"""Proposal reads. Other apps reach proposals only through these functions."""

from __future__ import annotations

from .models import Proposal, ProposalStatus


def proposal_get(*, pk: int) -> Proposal | None:
    return Proposal.objects.select_related("challenge", "organization", "solution").filter(pk=pk).first()


def shortlisted_proposals(*, challenge_id: int) -> list[Proposal]:
    return list(
        Proposal.objects.select_related("organization")
        .filter(challenge_id=challenge_id, status=ProposalStatus.SHORTLISTED)
        .order_by("pk")
    )
