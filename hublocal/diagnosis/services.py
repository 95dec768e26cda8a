"""Diagnosis writes: publishing instruments, campaigns, answers, submission, scoring.

Every function is atomic and audited. Deadlines and permissions-independent rules (status,
versions, dates) are enforced here, so the web page and the API cannot disagree."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, TextField
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext as _

from hublocal.audit.services import audit_record
from hublocal.core.cache import bump
from hublocal.directory import selectors as directory_selectors
from hublocal.engagement import services as engagement_services
from hublocal.exports import services as exports_services

from . import exports, instruments, open_data, scoring
from .models import (
    Answer,
    AnswerChange,
    Campaign,
    DimensionScore,
    InstrumentVersion,
    Participation,
    ParticipationStatus,
    ProposedChallenge,
    Result,
)
from .selectors import instrument_of, subject_key, window_open

PROCESS = "diagnosis.campaign"


# --- Instruments ------------------------------------------------------------------------------


@dataclass
class PublishReport:
    published: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def instruments_publish(*, actor: Any = None) -> PublishReport:
    """Validate every instrument file and publish the versions not yet in the database.

    A file whose version is already published with different content is refused (published
    versions are immutable); other files are still processed, each in its own transaction."""
    report = PublishReport()
    for path in instruments.discover():
        try:
            item = instruments.read_file(path)
        except instruments.InstrumentError as exc:
            report.errors.extend(f"{exc.source}: {e}" for e in exc.errors)
            continue
        data = item.data
        label = f"{data['slug']} v{data['version']}"
        existing = InstrumentVersion.objects.filter(slug=data["slug"], version=data["version"]).first()
        if existing is not None:
            if existing.checksum != item.checksum:
                report.errors.append(
                    _("%(label)s ya está publicado y su contenido cambió: publíquelo como una versión nueva.")
                    % {"label": label}
                )
            else:
                report.unchanged.append(label)
            continue
        parsed = instruments.parse(data)
        with transaction.atomic():
            version = InstrumentVersion.objects.create(
                slug=parsed.slug,
                version=parsed.version,
                area=parsed.area,
                title=parsed.title,
                content=data,
                checksum=item.checksum,
                question_count=len(parsed.questions),
            )
            audit_record(
                actor=actor, action="diagnosis.instrument_publish", obj=version, after={"checksum": item.checksum}
            )
        report.published.append(label)
    return report


# --- Campaigns --------------------------------------------------------------------------------


@transaction.atomic
def campaign_create(
    *,
    actor: Any,
    name: str,
    instrument_version: InstrumentVersion,
    opens_at: datetime,
    closes_at: datetime,
    organizations: list[Any],
    remind_after_days: int = 7,
    escalate_admin_after_days: int = 14,
    escalate_mayor_after_days: int = 21,
    results_public: bool = True,
    is_demo: bool = False,
) -> Campaign:
    """Create a campaign and invite each municipality (one participation and one engagement
    track each). Raises ValidationError with per-field messages."""
    errors: dict[str, list[str]] = {}
    if not (name or "").strip():
        errors["name"] = [_("Indique un nombre para la campaña.")]
    if opens_at and closes_at and closes_at <= opens_at:
        errors["closes_at"] = [_("El cierre debe ser posterior a la apertura.")]
    if not organizations:
        errors["organizations"] = [_("Elija al menos un municipio participante.")]
    elif any(o.kind != "municipality" or o.commune_id is None for o in organizations):
        errors["organizations"] = [_("Solo participan municipalidades.")]
    policy = None
    try:
        policy = engagement_services.Policy(
            remind_after_days=remind_after_days,
            escalate_admin_after_days=escalate_admin_after_days,
            escalate_mayor_after_days=escalate_mayor_after_days,
        )
        policy.validate()
    except ValidationError as exc:
        errors["remind_after_days"] = exc.messages
    if errors:
        raise ValidationError(errors)
    campaign = Campaign.objects.create(
        name=name.strip(),
        instrument_version=instrument_version,
        opens_at=opens_at,
        closes_at=closes_at,
        remind_after_days=remind_after_days,
        escalate_admin_after_days=escalate_admin_after_days,
        escalate_mayor_after_days=escalate_mayor_after_days,
        results_public=results_public,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
        is_demo=is_demo,
    )
    participations = []
    for org in directory_selectors.organizations_with_commune(ids=[o.pk for o in organizations]):
        commune = org.commune
        assert commune is not None  # checked above: only municipalities with a commune take part
        participations.append(
            Participation(
                campaign=campaign,
                organization=org,
                commune_code=commune.code,
                commune_name=commune.name,
                region_code=commune.region.code if commune.region is not None else "",
                typology=commune.typology,
                focal_point=directory_selectors.designation_contact(organization_id=org.pk, role="focal_point"),
            )
        )
    Participation.objects.bulk_create(participations)
    url_by_org = dict(Participation.objects.filter(campaign=campaign).values_list("organization_id", "pk"))
    engagement_services.track_open_many(
        process=PROCESS,
        subject_key=subject_key(campaign),
        organizations=list(url_by_org),
        label=campaign.name,
        url_for=lambda org_pk: f"/diagnostico/p/{url_by_org[org_pk]}/",
        policy=policy,
        actor=actor,
    )
    audit_record(
        actor=actor,
        action="diagnosis.campaign_create",
        obj=campaign,
        after={"instrument": str(instrument_version), "participants": len(participations)},
    )
    return campaign


def _check_editable(participation: Participation, now: datetime) -> None:
    if participation.status == ParticipationStatus.SUBMITTED:
        raise ValidationError(_("El diagnóstico ya fue enviado. Pida al equipo del Hub que lo reabra para cambiarlo."))
    if now < participation.campaign.opens_at:
        raise ValidationError(
            _("La campaña aún no abre. Podrá responder desde %(d)s.")
            % {"d": timezone.localtime(participation.campaign.opens_at).strftime("%d-%m-%Y %H:%M")}
        )
    if not window_open(participation, now):
        raise ValidationError(_("El plazo para responder terminó."))


@transaction.atomic
def participation_confirm(*, actor: Any, participation: Participation, focal_point: Any = None) -> Participation:
    """The municipality confirms it will take part and, optionally, names its focal point."""
    p = Participation.objects.select_for_update().select_related("campaign").get(pk=participation.pk)
    _check_editable(p, timezone.now())
    if focal_point is not None:
        if not directory_selectors.is_active_member(person_id=focal_point.pk, organization_id=p.organization_id):
            raise ValidationError({"focal_point": [_("El punto focal debe pertenecer a la municipalidad.")]})
        p.focal_point = focal_point
    if p.status == ParticipationStatus.INVITED:
        p.status = ParticipationStatus.CONFIRMED
        p.confirmed_at = timezone.now()
    p.last_activity_at = timezone.now()
    p.save()
    engagement_services.track_activity(
        process=PROCESS,
        subject_key=subject_key(p.campaign),
        organization=p.organization,
        actor=actor,
        status="confirmed" if p.status == ParticipationStatus.CONFIRMED else "in_progress",
    )
    audit_record(
        actor=actor,
        action="diagnosis.participation_confirm",
        obj=p,
        after={"focal_point": p.focal_point_id, "status": p.status},
    )
    return p


class AnswerConflict(Exception):
    """Someone else saved this answer since the editor loaded it. Carries what is there now,
    so the person can compare instead of silently overwriting a colleague's work."""

    def __init__(self, conflicts: dict[str, dict[str, Any]]) -> None:
        super().__init__(_("Otra persona cambió estas respuestas mientras usted editaba."))
        self.conflicts = conflicts


@dataclass(frozen=True)
class AnswerInput:
    question_id: str
    value: Any
    # The version of the answer the person was editing (0: it had no answer yet). None is only
    # accepted from internal callers (answers_save(allow_unversioned=True)): seeders, tests.
    expected_version: int | None = None


def answers_save(
    *,
    actor: Any,
    participation: Participation,
    answers: list[AnswerInput],
    now: datetime | None = None,
    allow_unversioned: bool = False,
) -> dict[str, Answer | None]:
    """Save several answers all-or-nothing.

    Every value is validated against its question in the participation's instrument version;
    any invalid value, unknown question, closed deadline or submitted status raises
    ValidationError (per-question messages) and nothing is saved. Every answer names the
    version it edited: one without (expected_version None) is a ValidationError, since it
    would silently overwrite a colleague's answer, unless `allow_unversioned` (internal callers
    such as the demo seeder only: web and API never pass it). A stale `expected_version`
    raises AnswerConflict and nothing is saved."""
    now = now or timezone.now()
    with transaction.atomic():
        p = (
            Participation.objects.select_for_update()
            .select_related("campaign", "campaign__instrument_version")
            .get(pk=participation.pk)
        )
        _check_editable(p, now)
        instrument = instrument_of(p.campaign.instrument_version)
        errors: dict[str, list[str]] = {}
        clean: dict[str, Any] = {}
        for item in answers:
            question = instrument.question(item.question_id)
            if question is None:
                errors[item.question_id[:40]] = [_("Esta pregunta no existe en la versión del instrumento.")]
                continue
            if item.expected_version is None and not allow_unversioned:
                errors[question.id] = [
                    _(
                        "Falta la versión de la respuesta que editó (0 si no había respuesta): sin ella se "
                        "perdería la respuesta que un colega haya guardado. Recargue y vuelva a intentarlo."
                    )
                ]
                continue
            try:
                clean[question.id] = scoring.validate_value(question, item.value)
            except scoring.AnswerError as exc:
                errors[question.id] = [str(exc)]
        if errors:
            raise ValidationError(errors)
        existing = {
            a.question_id: a for a in Answer.objects.select_for_update().filter(participation=p, question_id__in=clean)
        }
        conflicts: dict[str, dict[str, Any]] = {}
        for item in answers:
            if item.expected_version is None:
                continue
            current = existing.get(item.question_id)
            current_version = current.version if current else 0
            if (
                current_version != item.expected_version
                and (current.value if current else None) != clean[item.question_id]
            ):
                conflicts[item.question_id] = {
                    "value": current.value if current else None,
                    "version": current_version,
                    "updated_by": current.updated_by.get_username() if current and current.updated_by else None,
                    "updated_at": current.updated_at.isoformat() if current else None,
                }
        if conflicts:
            raise AnswerConflict(conflicts)
        saved: dict[str, Answer | None] = {}
        changes: list[AnswerChange] = []
        for qid, value in clean.items():
            current = existing.get(qid)
            if current is not None and current.value == value:
                saved[qid] = current
                continue
            if value is None:
                if current is not None:
                    current.delete()
                saved[qid] = None
            elif current is None:
                saved[qid] = Answer.objects.create(
                    participation=p, question_id=qid, value=value, updated_by=_user(actor)
                )
            else:
                current.value = value
                current.version = F("version") + 1
                current.updated_by = _user(actor)
                current.save(update_fields=["value", "version", "updated_by", "updated_at"])
                current.refresh_from_db(fields=["version"])
                saved[qid] = current
            changes.append(AnswerChange(participation=p, question_id=qid, value=value, changed_by=_user(actor)))
        if changes:
            AnswerChange.objects.bulk_create(changes)
            p.revision += 1
            p.last_activity_at = now
            if p.status in (ParticipationStatus.INVITED, ParticipationStatus.CONFIRMED):
                p.status = ParticipationStatus.IN_PROGRESS
            p.save(update_fields=["revision", "last_activity_at", "status"])
            engagement_services.track_activity(
                process=PROCESS,
                subject_key=subject_key(p.campaign),
                organization=p.organization,
                actor=actor,
                status="in_progress",
                at=now,
            )
            audit_record(
                actor=actor,
                action="diagnosis.answers_save",
                obj=p,
                after={"questions": sorted(c.question_id for c in changes)},
            )
        return saved


def _user(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None


@transaction.atomic
def participation_submit(*, actor: Any, participation: Participation, now: datetime | None = None) -> Result:
    """Submit: every shown required question must be answered; computes and stores the scores."""
    now = now or timezone.now()
    p = (
        Participation.objects.select_for_update()
        .select_related("campaign", "campaign__instrument_version")
        .get(pk=participation.pk)
    )
    _check_editable(p, now)
    instrument = instrument_of(p.campaign.instrument_version)
    answers = dict(Answer.objects.filter(participation=p).values_list("question_id", "value"))
    missing = scoring.missing_required(instrument, answers)
    if missing:
        raise ValidationError(
            {q.id: [_("Falta responder esta pregunta obligatoria.")] for q in missing},
        )
    p.status = ParticipationStatus.SUBMITTED
    p.submitted_at = now
    p.submitted_by = _user(actor)
    p.last_activity_at = now
    p.save(update_fields=["status", "submitted_at", "submitted_by", "last_activity_at"])
    result = result_compute(participation=p, answers=answers, now=now)
    engagement_services.track_done(
        process=PROCESS, subject_key=subject_key(p.campaign), organization=p.organization, actor=actor, at=now
    )
    audit_record(
        actor=actor,
        action="diagnosis.participation_submit",
        obj=p,
        after={"overall": result.overall, "level": result.level},
    )
    return result


@transaction.atomic
def participation_reopen(
    *, actor: Any, participation: Participation, extended_until: datetime | None = None
) -> Participation:
    """Staff reopen a submitted diagnosis (scores are withdrawn until it is submitted again)."""
    p = Participation.objects.select_for_update().select_related("campaign").get(pk=participation.pk)
    if extended_until is not None and extended_until <= timezone.now():
        raise ValidationError({"extended_until": [_("La nueva fecha límite debe ser futura.")]})
    before = {"status": p.status}
    Result.objects.filter(participation=p).delete()
    _results_changed(p.campaign_id)
    p.status = ParticipationStatus.IN_PROGRESS
    p.submitted_at = None
    p.extended_until = extended_until or p.extended_until
    p.save(update_fields=["status", "submitted_at", "extended_until"])
    engagement_services.track_reopen(
        process=PROCESS, subject_key=subject_key(p.campaign), organization=p.organization, actor=actor
    )
    audit_record(
        actor=actor,
        action="diagnosis.participation_reopen",
        obj=p,
        before=before,
        after={"status": p.status, "extended_until": str(p.extended_until or "")},
    )
    return p


def _results_changed(campaign_id: int) -> None:
    Campaign.objects.filter(pk=campaign_id).update(results_version=F("results_version") + 1)
    # The open-data files are rebuilt by the task queue once this commits (coalesced).
    exports_services.dataset_changed(exports.OPEN_DATASET)
    exports_services.dataset_changed(open_data.RANKING)
    # Public fragments cached for anonymous visitors (profile panel, results; core/cache.py).
    bump("diagnosis")


def result_compute(
    *, participation: Participation, answers: dict[str, Any] | None = None, now: datetime | None = None
) -> Result:
    """(Re)compute one participation's scores with its own instrument version."""
    p = participation
    version = p.campaign.instrument_version
    instrument = instrument_of(version)
    if answers is None:
        answers = dict(Answer.objects.filter(participation=p).values_list("question_id", "value"))
    computed = scoring.compute(instrument, answers)
    with transaction.atomic():
        result, _created = Result.objects.update_or_create(
            participation=p,
            defaults={
                "campaign_id": p.campaign_id,
                "instrument_version": version,
                "organization_id": p.organization_id,
                "commune_code": p.commune_code,
                "commune_name": p.commune_name,
                "region_code": p.region_code,
                "typology": p.typology,
                "overall": computed.overall,
                "level": computed.level,
                "dimensions": computed.dimensions,
                "computed_at": now or timezone.now(),
            },
        )
        DimensionScore.objects.filter(result=result).delete()
        DimensionScore.objects.bulk_create(
            [
                DimensionScore(
                    result=result,
                    campaign_id=p.campaign_id,
                    dimension=dim,
                    score=score,
                    typology=p.typology,
                    region_code=p.region_code,
                )
                for dim, score in computed.dimensions.items()
                if score is not None
            ]
        )
        _results_changed(p.campaign_id)
    return result


_MISSING = object()


def results_recompute_all(*, campaign: Campaign | None = None, chunk_size: int = 2000) -> int:
    """Recompute every submitted participation's scores from its answers (e.g. after a fix to
    the scoring code), with each participation's own instrument version.

    Works in chunks of participations: one query for their answers, then the old results are
    replaced in bulk (results are derived data, so delete-and-insert is both correct and much
    faster than row-by-row updates). Memory stays bounded whatever the number of municipalities.

    At 20,000 municipalities × 100 answers the cost was decoding JSON, not SQL: each
    participation row brought its campaign's whole instrument (decoded again per row), and each
    of the 2 million answers went through the JSON field's converter. So the instrument is read
    and parsed once per version, and answers are read as their JSON text and decoded once per
    distinct text (a questionnaire's answers are mostly the same few option ids and numbers);
    the decoded values are only read by the pure scoring function, so sharing them is safe."""
    participations = Participation.objects.filter(status=ParticipationStatus.SUBMITTED)
    if campaign is not None:
        participations = participations.filter(campaign=campaign)
    ids = list(participations.order_by("pk").values_list("pk", flat=True))
    now = timezone.now()
    total = 0
    instruments_by_campaign: dict[int, tuple[int, Any]] = {}
    decoded: dict[str, Any] = {}
    for start in range(0, len(ids), chunk_size):
        chunk = list(
            Participation.objects.filter(pk__in=ids[start : start + chunk_size]).only(
                "id", "campaign_id", "organization_id", "commune_code", "commune_name", "region_code", "typology"
            )
        )
        missing = {p.campaign_id for p in chunk} - set(instruments_by_campaign)
        for c in Campaign.objects.filter(pk__in=missing).select_related("instrument_version"):
            instruments_by_campaign[c.pk] = (c.instrument_version_id, instrument_of(c.instrument_version))
        answers: dict[int, dict[str, Any]] = {p.pk: {} for p in chunk}
        rows = (
            Answer.objects.filter(participation_id__in=answers)
            .annotate(raw=Cast("value", output_field=TextField()))
            .values_list("participation_id", "question_id", "raw")
        )
        for pid, qid, raw in rows.iterator(chunk_size=20000):
            value = decoded.get(raw, _MISSING)
            if value is _MISSING:
                value = decoded[raw] = json.loads(raw)
            answers[pid][qid] = value
        if len(decoded) > 100_000:  # free text makes many distinct values: keep memory bounded
            decoded.clear()
        results: list[Result] = []
        for p in chunk:
            version_id, instrument = instruments_by_campaign[p.campaign_id]
            computed = scoring.compute(instrument, answers[p.pk])
            results.append(
                Result(
                    participation_id=p.pk,
                    campaign_id=p.campaign_id,
                    instrument_version_id=version_id,
                    organization_id=p.organization_id,
                    commune_code=p.commune_code,
                    commune_name=p.commune_name,
                    region_code=p.region_code,
                    typology=p.typology,
                    overall=computed.overall,
                    level=computed.level,
                    dimensions=computed.dimensions,
                    computed_at=now,
                )
            )
        with transaction.atomic():
            DimensionScore.objects.filter(result__participation_id__in=answers).delete()
            Result.objects.filter(participation_id__in=answers).only("pk").delete()
            created = Result.objects.bulk_create(results)
            _dimension_scores_insert(created, participation_ids=list(answers))
            for campaign_id in {p.campaign_id for p in chunk}:
                _results_changed(campaign_id)
        total += len(chunk)
    return total


# One dimension-score row per result and scored dimension, written by the database itself from the
# results' `dimensions` (JSON) on the two supported databases: at national scale these are
# 140,000 rows whose building and parameter conversion in Python took longer than scoring.
_DIMENSION_SCORES_SQL = {
    "postgresql": (
        "INSERT INTO {ds} (result_id, campaign_id, dimension, score, typology, region_code) "
        "SELECT r.id, r.campaign_id, d.key, (d.value)::text::double precision, r.typology, r.region_code "
        "FROM {r} r CROSS JOIN LATERAL jsonb_each(r.dimensions) d "
        "WHERE r.participation_id = ANY(%s) AND jsonb_typeof(d.value) = 'number' ORDER BY r.id"
    ),
    "sqlite": (
        "INSERT INTO {ds} (result_id, campaign_id, dimension, score, typology, region_code) "
        "SELECT r.id, r.campaign_id, d.key, d.value, r.typology, r.region_code "
        "FROM {r} r, json_each(r.dimensions) d "
        "WHERE r.participation_id IN (SELECT value FROM json_each(%s)) AND d.type IN ('integer', 'real') "
        "ORDER BY r.id"
    ),
}


def _dimension_scores_insert(created: list[Result], *, participation_ids: list[int]) -> None:
    connection = transaction.get_connection()
    sql = _DIMENSION_SCORES_SQL.get(connection.vendor)
    if sql is not None:
        sql = sql.format(ds=DimensionScore._meta.db_table, r=Result._meta.db_table)
        param: Any = participation_ids if connection.vendor == "postgresql" else json.dumps(participation_ids)
        with connection.cursor() as cursor:
            cursor.execute(sql, [param])
        return
    if not all(r.pk for r in created):
        by_participation = dict(
            Result.objects.filter(participation_id__in=participation_ids).values_list("participation_id", "pk")
        )
        for r in created:
            r.pk = by_participation[r.participation_id]
    DimensionScore.objects.bulk_create(
        [
            DimensionScore(
                result_id=r.pk,
                campaign_id=r.campaign_id,
                dimension=dim,
                score=score,
                typology=r.typology,
                region_code=r.region_code,
            )
            for r in created
            for dim, score in r.dimensions.items()
            if score is not None
        ],
        batch_size=5000,
    )


@transaction.atomic
def proposed_challenge_create(*, actor: Any, participation: Participation, dimension: str) -> ProposedChallenge:
    """Turn a gap (a dimension of a submitted diagnosis) into a draft challenge."""
    p = participation
    result = Result.objects.filter(participation=p).first()
    if result is None:
        raise ValidationError(_("Primero envíe el diagnóstico para conocer sus brechas."))
    instrument = instrument_of(p.campaign.instrument_version)
    dim = next((d for d in instrument.dimensions if d.id == dimension), None)
    if dim is None:
        raise ValidationError({"dimension": [_("Dimensión desconocida.")]})
    score = result.dimensions.get(dimension)
    title = _("%(dim)s en %(commune)s") % {"dim": dim.title, "commune": p.commune_name}
    problem = _(
        "El diagnóstico «%(instrument)s» muestra una brecha en «%(dim)s» (puntaje %(score)s de 100). "
        "Describa quiénes sufren el problema, cómo funciona hoy el proceso, qué restricciones existen "
        "y qué resultado medible sería un éxito."
    ) % {"instrument": instrument.title, "dim": dim.title, "score": score if score is not None else "—"}
    try:
        with transaction.atomic():
            proposal = ProposedChallenge.objects.create(
                participation=p,
                organization_id=p.organization_id,
                area=instrument.area,
                dimension=dimension,
                title=title[:200],
                problem=problem,
                score=score,
                created_by=_user(actor),
            )
    except IntegrityError:
        raise ValidationError(_("Esta brecha ya tiene un desafío propuesto.")) from None
    audit_record(
        actor=actor,
        action="diagnosis.proposed_challenge_create",
        obj=proposal,
        after={"dimension": dimension, "score": score},
    )
    return proposal


@transaction.atomic
def proposed_challenge_adopt(*, actor: Any, proposed: ProposedChallenge) -> ProposedChallenge:
    """Mark a gap draft as turned into a challenge (called by the innovation app's service in the
    same transaction that creates the challenge). Raises ValidationError if it was already adopted."""
    locked = ProposedChallenge.objects.select_for_update().get(pk=proposed.pk)
    if locked.status != ProposedChallenge.Status.DRAFT:
        raise ValidationError(_("Esta brecha ya fue convertida en desafío o descartada."))
    locked.status = ProposedChallenge.Status.ADOPTED
    locked.save(update_fields=["status"])
    audit_record(actor=actor, action="diagnosis.proposed_challenge_adopt", obj=locked, after={"status": locked.status})
    return locked
