"""Every app's personal-data declarations (Ley 21.719) are complete, point at real models and
fields, and their export/anonymise functions work on real accounts.

The completeness test is what keeps the declarations honest: a new model with a personal-looking
field fails here until it is declared in its app's personal_data.py or listed below, with a reason,
as not personal."""

from __future__ import annotations

import json
import re
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import models, transaction
from django.utils import timezone

from hublocal.audit.services import audit_record
from hublocal.core import registry
from hublocal.privacy import record

PERSONAL_NAME = re.compile(
    r"(^|_)(name|full_name|first_name|last_name|email|phone|rut|username|contact|ip|address|comment|minutes"
    r"|motivation)($|_)"
)

# Fields that look personal by the rules below but are not, each with why. "model.field" labels.
NOT_PERSONAL: dict[str, str] = {
    "evaluation.ResultNode.description": "what one of the hub's annual objectives or results is about",
    "evaluation.AnnualReport.highlights": "the hub's published summary of its year",
    # Written by the hub or a municipality about a thing, not about a person:
    "directory.Organization.description": "an organisation's own description of itself",
    "training.Programme.objectives": "a training programme's objectives, written by the hub",
    "training.Programme.audience": "who a training programme is for, as a group (not a person)",
    "diagnosis.Campaign.name": "the name of a diagnosis campaign",
    "opendata.Catalogue.content": "the open datasets' DCAT-AP catalogue: metadata only, no person",
    "diagnosis.Participation.commune_name": "the name of a commune, copied at invitation",
    "diagnosis.ProposedChallenge.problem": "a gap of the municipality's diagnosis, generated from its scores",
    "solutions.StartupProfile.public_sector_experience": "the company's track record with the public sector",
    "solutions.Solution.name": "the name of a product",
    "solutions.Solution.search_name": "the product name, folded for search",
    "solutions.Solution.search_document": "a product's texts, analysed for full-text search",
    "solutions.Solution.problem": "what a product solves",
    "solutions.Solution.description": "a product's description",
    "solutions.Solution.evidence": "a product's results",
    "projects.Project.summary": "a collaborative project's public summary, written by the hub",
    "projects.Project.objectives": "a collaborative project's objectives",
    "projects.Milestone.description": "what a project milestone delivers",
    "projects.Result.evidence": "a project result's evidence, published with the project",
    "projects.Result.file_name": "the name of a project's evidence document",
    "network.Unit.mission": "the mission of one of the hub's units",
    "network.Stage.purpose": "the purpose of a roadmap stage (seed 002)",
    "network.Stage.components": "the components of a roadmap stage (seed 002)",
    "network.Stage.expected_result": "the expected result of a roadmap stage (seed 002)",
    "network.InternationalNetwork.description": "what an international network of cities is",
    # The site-wide search index copies what each app's search type publishes (public objects
    # only) and is rebuilt from those sources: live on save, in full every night.
    "search.SearchEntry.summary": "a public object's summary, copied from its app for search",
    "search.SearchEntry.text": "a public object's texts, copied from its app for search",
    "search.SearchEntry.search_document": "those texts, analysed for full-text search",
    "search.SearchEntry.search_head": "a public object's title and summary, analysed for ranking",
    "innovation.Call.description": "written by the hub about a call, not about a person",
    "innovation.Call.eligibility": "the call's requirements",
    "innovation.Criterion.description": "what an evaluation criterion measures",
    "innovation.Challenge.problem": "a municipality's problem, published",
    "innovation.Challenge.affected": "groups affected by a problem (residents, a department), not individuals",
    "innovation.Challenge.current_process": "how a municipality handles the problem today",
    "innovation.Challenge.constraints": "the municipality's constraints",
    "innovation.Challenge.success": "the measurable result sought",
    "innovation.Challenge.review_note": "the hub's review of a challenge's text",
    "innovation.Challenge.search_text": "title and problem, folded for search",
    "innovation.Question.answer": "the hub's public answer, the same for every applicant",
    "innovation.Event.description": "an event's programme",
    "proposals.Proposal.approach": "the startup's offer (a company's, not a person's)",
    "proposals.Proposal.timeline": "the startup's work plan",
    "pilots.Pilot.result_summary": "a pilot's results",
    "pilots.Indicator.judgement_note": "why an indicator was judged met or not",
    "pilots.IndicatorVersion.name": "the name of an indicator",
    "pilots.IndicatorVersion.method": "how an indicator is measured",
    "pilots.IndicatorVersion.justification": "why an indicator's definition changed",
    "articulation.RoundTable.description": "a round table's purpose, written by the hub",
    "events.Event.description": "an event's programme, written by the hub",
    "events.AwardEdition.description": "an award edition's purpose, written by the hub",
    "events.AwardCategory.description": "what an award category recognises",
    "events.Nomination.description": "a municipal innovation, not a person",
    "events.Pitch.solution_name": "the name of a startup's product",
    "events.Pitch.summary": "what a startup will show about its product",
    "events.Score.comment": "a juror's note on a municipal innovation; the juror is declared in events.juror",
    "articulation.Meeting.agenda": "a meeting's agenda: topics, not people",
    "articulation.PolicyItem.summary": "what a bill, regulation or policy is about",
    "articulation.PolicyItem.position": "the hub's institutional position",
    "articulation.PolicyItem.outcome_note": "the outcome of a legislative or regulatory process",
    "privacy.ConsentText.text": "the published wording of a consent, the same for everybody",
    # A breach record counts and describes what was affected; it must never list people (the
    # breach form says so), so it is not a register of persons.
    "privacy.Breach.description": "what happened in a security incident",
    "privacy.Breach.data_categories": "categories of data affected, not the data",
    "privacy.Breach.measures": "measures taken after an incident",
    # An agreement's texts are written by the hub about the agreement, published as transparencia activa.
    "agreements.Agreement.object": "what an agreement is for",
    "agreements.Agreement.termination_reason": "why an agreement ended early",
    "agreements.Obligation.description": "what a party (an organisation) owes under an agreement",
    "agreements.Obligation.evidence": "how an organisation fulfilled an obligation",
    "agreements.Amendment.reason": "why the terms of an agreement changed",
    "ictassets.IctAsset.name": "the name of a municipality's information system",
    "ictassets.IctAsset.purpose": "what a municipal information system is used for",
    "ictassets.IctAsset.vendor_name": "the company that supplies a system (an organisation)",
    "ictassets.OpenSourceSolution.name": "the name of a software solution",
    "ictassets.OpenSourceSolution.description": "what a software solution does",
    "finance.RevenueLine.mission_note": "how a revenue line fits the hub's mission, written by the hub",
    "finance.RevenueLine.subsidiarity_note": "why a revenue line does not replace a duty of the State",
    "finance.Income.description": "what an income pays for (a service, a membership), not about a person",
    "finance.Income.void_reason": "why an income record was voided (a duplicate, a wrong amount)",
    "agreements.DocumentVersion.file_name": "the file name of an agreement's document (a public act)",
}

# Declared fields that anonymise keeps as recorded, and why (the test skips them when checking that
# the person's name and e-mail are gone).
KEPT_AS_RECORDED: dict[str, set[str]] = {
    # The audit trail is append-only: only its author is pseudonymised; what was done to which
    # object (which may be the person's own entry) stays as the proof the law asks for.
    "audit.auditevent": {"action", "object_type", "object_id", "object_repr", "before", "after"},
    # A signed agreement is a public document, kept as signed.
    "pilots.agreement": {"document", "document_name"},
    # A signature on a public agreement is a public act, kept as signed (transparencia activa).
    "agreements.party": {"signatory_name", "signatory_position"},
}


def _hublocal_models() -> list[type[models.Model]]:
    found = [m for c in apps.get_app_configs() if c.name.startswith("hublocal.") for m in c.get_models()]
    user_model = get_user_model()
    return found if user_model in found else [*found, user_model]


def _relates_to_a_person(model: type[models.Model]) -> bool:
    person_models = (get_user_model(), apps.get_model("directory", "Person"))
    if model in person_models:
        return True
    return any(
        f.concrete and (f.many_to_one or f.one_to_one) and f.related_model in person_models
        for f in model._meta.get_fields()
    )


def _looks_personal(model: type[models.Model], field: models.Field) -> bool:
    if isinstance(field, (models.EmailField, models.GenericIPAddressField, models.TextField)):
        return True
    return _relates_to_a_person(model) and bool(PERSONAL_NAME.search(field.name))


def _declared() -> set[tuple[str, str]]:
    return {(d.model.lower(), f) for d in registry.personal_data() for f in (*d.fields, *d.free_text_fields)}


def test_every_personal_field_is_declared() -> None:
    declared = _declared()
    missing = []
    for model in _hublocal_models():
        for field in model._meta.concrete_fields:
            label = f"{model._meta.label}.{field.name}"
            if not _looks_personal(model, field) or label in NOT_PERSONAL:
                continue
            if (model._meta.label_lower, field.name) not in declared:
                missing.append(label)
    assert not missing, (
        "Fields that look personal are neither declared in their app's personal_data.py nor listed in "
        f"NOT_PERSONAL with a reason: {', '.join(missing)}"
    )


def test_not_personal_list_has_no_stale_entries() -> None:
    """An entry for a field that no longer exists (or was declared since) would hide nothing but
    mislead the reader."""
    declared = _declared()
    for label in NOT_PERSONAL:
        app_model, field = label.rsplit(".", 1)
        model = apps.get_model(app_model)
        model._meta.get_field(field)
        assert (model._meta.label_lower, field) not in declared, f"{label} is declared and listed as not personal"


def test_declarations_point_at_real_models_and_fields() -> None:
    declarations = registry.personal_data()
    assert len(declarations) >= 20
    for d in declarations:
        model = apps.get_model(d.model)
        assert d.key.split(".")[0] == model._meta.app_label, d.key
        assert d.fields or d.free_text_fields, d.key
        for name in (*d.fields, *d.free_text_fields):
            model._meta.get_field(name)
        assert d.legal_basis in registry.LegalBasis.ALL
        for text in (d.purpose, d.retention, d.recipients):
            assert str(text).strip(), d.key
        if d.expire is not None:
            assert d.retention_days, f"{d.key}: a retention job needs its period in retention_days"


def test_every_app_with_personal_data_declares_it() -> None:
    apps_declared = {d.key.split(".")[0] for d in registry.personal_data()}
    for app in ("accounts", "audit", "directory", "diagnosis", "engagement", "solutions", "innovation"):
        assert app in apps_declared
    for app in ("proposals", "pilots", "privacy"):
        assert app in apps_declared
    # Territory holds communes, regions and countries: nobody's data.
    assert "territory" not in apps_declared


# ----------------------------------------------------------------- export and anonymise, for real


def _mention_everywhere(user: Any) -> None:
    """Put the person where only their name or e-mail finds them: free text of other people's rows,
    a registration made before the account, a reminder sent to them, a sign-in attempt."""
    names, emails = registry.subject_identifiers(user)
    name, email = names[0], emails[0]
    from hublocal.engagement.models import Message, Track
    from hublocal.innovation.models import Event, EventRegistration, Question
    from hublocal.privacy.models import DataSubjectRequest
    from hublocal.proposals.models import Score, WorkingSession
    from hublocal.solutions.models import StartupProfile

    org = apps.get_model("directory", "Organization").objects.filter(kind="municipality").first()
    track = Track.objects.create(process="test.privacy", subject_key="s:1", organization=org, label="Proceso")
    Message.objects.create(
        track=track,
        level=1,
        role="focal_point",
        recipient_name=name,
        recipient_email=email.upper(),
        subject=f"Recordatorio para {name}",
        body=f"Estimada/o {name}: escríbanos a {email}.",
        sent_at=timezone.now(),
        outcome="sent",
    )
    event = Event.objects.first()
    if event is not None:
        EventRegistration.objects.get_or_create(
            event=event, email=email, defaults={"full_name": name, "organization_name": "Org"}
        )
    question = apps.get_model("innovation", "Call").objects.first()
    if question is not None:
        Question.objects.create(call=question, text=f"Soy {name}, ¿puedo postular?", asked_by=user)
    profile = StartupProfile.objects.first()
    if profile is not None:
        profile.team = f"{profile.team}\n{name} ({email}), directora."
        profile.save()
    session = WorkingSession.objects.first()
    if session is not None:
        session.minutes = f"Asistieron {name} y otras personas."
        session.save()
    score = Score.objects.first()
    if score is not None:
        score.comment = f"Comentado con {name}."
        score.save()
    DataSubjectRequest.objects.create(
        user=user, kind="access", details=f"Soy {name}", reply_email=email, due_on=timezone.localdate()
    )
    audit_record(actor=user, action="test.privacy", object_type="test", object_repr="x")
    if apps.is_installed("axes"):
        apps.get_model("axes", "AccessLog").objects.create(
            username=user.username, ip_address="203.0.113.9", user_agent="test", http_accept="*/*", path_info="/"
        )


def _text_of(value: Any) -> str:
    if value is None or isinstance(value, (bool, int, float)):
        return ""
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


@pytest.mark.django_db
@pytest.mark.parametrize("username", ["santiago", "startup-a", "staff"])
def test_export_and_anonymise_remove_the_person(users: dict, username: str) -> None:
    user = users[username]
    _mention_everywhere(user)
    names, emails = registry.subject_identifiers(user)
    needles = [n.lower() for n in names + emails]
    assert needles

    exported = {d.key: d.export(user) for d in registry.personal_data()}
    json.dumps(exported)  # JSON-safe, as the download needs
    for key in ("accounts.user", "directory.person", "engagement.message", "innovation.question", "audit.auditevent"):
        assert exported[key], f"{key}: nothing exported for {username}"
    exported_text = json.dumps(exported, ensure_ascii=False).lower()
    assert any(n in exported_text for n in needles)

    with transaction.atomic():
        touched = registry.anonymise_subject(user)
    assert touched["accounts.user"] == 1 and touched["directory.person"] == 1
    for key in ("engagement.message", "innovation.question", "privacy.datasubjectrequest", "audit.auditevent"):
        assert touched[key] >= 1, key

    # Query back every exported row: none of the declared fields still names the person.
    by_key = {d.key: d for d in registry.personal_data()}
    for key, rows in exported.items():
        declaration = by_key[key]
        model = apps.get_model(declaration.model)
        kept = KEPT_AS_RECORDED.get(key, set())
        for row in rows:
            current = model._default_manager.filter(pk=row["id"]).first()
            if current is None:
                continue  # deleted: nothing left to name anyone
            for name in (*declaration.fields, *declaration.free_text_fields):
                if name in kept:
                    continue
                field = model._meta.get_field(name)
                value = _text_of(getattr(current, field.attname))
                assert not any(n in value.lower() for n in needles), f"{key} #{row['id']}.{name} still names the person"

    account = get_user_model().objects.get(pk=user.pk)
    assert account.username == f"eliminado-{user.pk}"
    assert not account.is_active and not account.has_usable_password()
    assert account.email == "" and account.get_full_name() == ""
    assert not apps.get_model("accounts", "ApiToken").objects.filter(user=account).exists()
    assert not apps.get_model("directory", "Person").objects.filter(user=account).exists()
    audit = apps.get_model("audit", "AuditEvent")
    assert not audit.objects.filter(actor_id=user.pk).exists()
    assert audit.objects.filter(actor_username=registry.pseudonym(user.pk), action="test.privacy").exists()

    # After the erasure the account's export says nothing about who it was.
    fresh = get_user_model().objects.get(pk=user.pk)
    after = json.dumps({d.key: d.export(fresh) for d in registry.personal_data()}, ensure_ascii=False).lower()
    assert not any(n in after for n in needles)


@pytest.mark.django_db
def test_anonymise_is_idempotent(users: dict) -> None:
    """A second erasure of the same account (a retried request) fails on nothing."""
    user = users["valparaiso"]
    with transaction.atomic():
        registry.anonymise_subject(user)
    fresh = get_user_model().objects.get(pk=user.pk)
    with transaction.atomic():
        registry.anonymise_subject(fresh)


def test_pseudonym_is_stable_and_accepted_by_the_audit_trail() -> None:
    from hublocal.audit.appendonly import is_anonymised_username

    assert registry.pseudonym(7) == registry.pseudonym(7) != registry.pseudonym(8)
    assert is_anonymised_username(registry.pseudonym(7))


def test_scrub_replaces_every_case() -> None:
    text = "Ana Pérez escribió a ANA PÉREZ <ana@x.cl>"
    assert registry.scrub(text, ["Ana Pérez", "ana@x.cl"]) == (
        "Persona eliminada escribió a Persona eliminada <Persona eliminada>"
    )


# ----------------------------------------------------------------------------- the record


def test_privacy_record_command_prints_every_declaration(capsys: pytest.CaptureFixture[str]) -> None:
    call_command("privacy_record")
    out = capsys.readouterr().out
    for d in registry.personal_data():
        assert f"| {d.key} |" in out
    assert "Base legal" in out

    call_command("privacy_record", "--format", "csv")
    lines = capsys.readouterr().out.strip().splitlines()
    assert lines[0].startswith("Actividad,Modelo,Datos")
    assert len(lines) >= len(registry.personal_data()) + 1


def test_docs_privacy_table_is_the_generated_record() -> None:
    """docs/privacy.md is never hand-kept: regenerate its table with
    `python manage.py privacy_record > /tmp/r.md` and paste it between the markers."""
    docs = (Path(settings.BASE_DIR) / "docs" / "privacy.md").read_text(encoding="utf-8")
    start, end = "<!-- privacy_record:start -->\n", "<!-- privacy_record:end -->"
    assert start in docs and end in docs
    table = docs.split(start, 1)[1].split(end, 1)[0]
    from django.utils import translation

    with translation.override(settings.LANGUAGE_CODE):
        assert table == record.markdown(), "docs/privacy.md is out of date: regenerate its table"


def test_retention_periods_match_the_words() -> None:
    """The periods the brief fixes, so a change to one is a deliberate change."""
    by_key = {d.key: d for d in registry.personal_data()}
    assert by_key["engagement.message"].retention_days == 2 * 365
    assert by_key["innovation.eventregistration"].retention_days == 365
    assert by_key["audit.auditevent"].retention_days == 6 * 365
    if "axes.accessattempt" in by_key:
        assert by_key["axes.accessattempt"].retention_days == 180
    assert timedelta(days=by_key["accounts.apitoken"].retention_days or 0) == timedelta(days=180)
