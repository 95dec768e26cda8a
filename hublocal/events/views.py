"""Events pages: the public agenda and event pages (registration, calendar file, demo-day agenda),
the pitch applications of startups, the awards (public winners, nominations, the jury's scoring)
and the hub's management pages. Thin over services; errors beside fields, nothing saved on error."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from hublocal.core.locking import StaleVersion, add_version_field, edited_values, form_conflict, form_version
from hublocal.core.permissions import has_role, is_hub_staff, organization_id
from hublocal.core.web import add_service_errors, paginate, posted, require
from hublocal.directory import selectors as directory_selectors
from hublocal.library import selectors as library_selectors
from hublocal.solutions import selectors as solution_selectors

from . import exports, rubric, selectors, services
from .forms import (
    AwardForm,
    CategoryForm,
    EventForm,
    JurorForm,
    NominationForm,
    PaymentForm,
    PitchDecisionForm,
    PitchForm,
    ScoreForm,
    WinnersForm,
)
from .models import AwardStatus, EventKind, EventStatus, PitchStatus, RegistrationStatus
from .permissions import Action, can

PAGE_SIZE = 20
EVENT_FIELDS = (
    "kind",
    "title",
    "description",
    "starts_at",
    "ends_at",
    "timezone",
    "place",
    "online_url",
    "capacity",
    "registration_opens_at",
    "registration_closes_at",
    "fee_municipal",
    "fee_startup",
    "fee_partner",
    "fee_public",
)


def _event(request: HttpRequest, slug: str) -> Any:
    """The event if it exists and the visitor may open it (a draft is missing to outsiders)."""
    event = selectors.event_get(slug=slug)
    if event is None or not can(request.user, Action.VIEW_EVENT, event):
        raise Http404
    return event


def _year(raw: str) -> int | None:
    return int(raw) if raw.isdigit() and len(raw) == 4 and 2000 <= int(raw) <= 2100 else None


def _form_page(
    request: HttpRequest, template: str, context: dict[str, Any], form: Any, status: int | None = None
) -> HttpResponse:
    context = {"form": form} | context
    code = status or (409 if context.get("conflict") is not None else 400 if form.errors else 200)
    return render(request, template, context, status=code)


# --- Public agenda -------------------------------------------------------------------------------


@require_GET
def event_list(request: HttpRequest) -> HttpResponse:
    require(request, can, Action.LIST_EVENTS)
    when = "past" if request.GET.get("cuando") == "pasados" else "upcoming"
    kind = request.GET.get("kind", "")
    kind = kind if kind in EventKind.values else ""
    year = _year(request.GET.get("year", ""))
    qs = selectors.event_list(viewer=request.user, when=when, kind=kind, year=year)
    context = {
        "page_obj": paginate(request, qs, PAGE_SIZE),
        "when": when,
        "kind": kind,
        "year": year or "",
        "kinds": EventKind.choices,
        "years": selectors.event_years(),
        "can_manage": can(request.user, Action.MANAGE_EVENTS),
    }
    return render(request, "events/event_list.html", context)


def _detail_context(request: HttpRequest, event: Any) -> dict[str, Any]:
    registration = selectors.registration_of(event=event, user=request.user)
    seated = registration is not None and registration.status == RegistrationStatus.CONFIRMED
    context: dict[str, Any] = {
        "event": event,
        "description_html": library_selectors.body_html(event.description),
        "organisers": list(event.organisers.all()),
        "registration": registration,
        "show_link": bool(event.online_url) and (seated or is_hub_staff(request.user)),
        "problems": services.registration_problems(event=event),
        "participant_type": services.participant_type_of(request.user) if request.user.is_authenticated else "",
        "can_register": can(request.user, Action.REGISTER, event),
        "can_manage": can(request.user, Action.MANAGE_EVENTS, event),
        "seats_left": max(0, event.capacity - event.seats_taken),
        "fees": [
            (_("Funcionario/a municipal"), event.fee_municipal),
            (_("Startup"), event.fee_startup),
            (_("Institución aliada"), event.fee_partner),
            (_("Público general"), event.fee_public),
        ],
        "transitions": [(t, EventStatus(t).label) for t in services.TRANSITIONS.get(event.status, ())],
    }
    if request.user.is_authenticated:
        context["my_fee"] = event.fee_for(context["participant_type"])
    if event.kind == EventKind.DEMO_DAY:
        agenda = selectors.agenda(event=event)
        own_org = organization_id(request.user)
        for p in agenda:
            p.marked = own_org is not None and any(i.organization_id == own_org for i in p.interests.all())
        context["agenda"] = agenda
        context["can_interest"] = can(request.user, Action.MARK_INTEREST)
        context["can_pitch"] = can(request.user, Action.APPLY_PITCH, event) and event.status == EventStatus.PUBLISHED
        if own_org is not None and has_role(request.user, "startup"):
            context["my_pitches"] = selectors.pitches_of_organization(organization_id=own_org, event=event)
    context["awards"] = list(event.awards.all()) if event.kind == EventKind.AWARD_CEREMONY else []
    return context


@require_GET
def event_detail(request: HttpRequest, slug: str) -> HttpResponse:
    event = _event(request, slug)
    return render(request, "events/event_detail.html", _detail_context(request, event))


@require_GET
def event_ics(request: HttpRequest, slug: str) -> HttpResponse:
    event = _event(request, slug)
    response = HttpResponse(services.event_ics(event), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="evento-{event.pk}.ics"'
    return response


@require_POST
def register(request: HttpRequest, slug: str) -> HttpResponse:
    event = _event(request, slug)
    require(request, can, Action.REGISTER, event)
    try:
        registration = services.registration_create(actor=request.user, event=event)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        context = _detail_context(request, selectors.event_get(slug=slug))
        return render(request, "events/event_detail.html", context, status=400)
    if registration.status == RegistrationStatus.WAITLISTED:
        messages.info(
            request,
            _("No quedan cupos: quedó en la lista de espera (lugar %(n)s). Le avisaremos si se libera uno.")
            % {"n": registration.waitlist_position},
        )
    else:
        messages.success(request, _("Inscripción confirmada. Le enviamos la invitación para su calendario."))
    return redirect("events:detail", slug=event.slug)


@require_POST
def cancel(request: HttpRequest, slug: str) -> HttpResponse:
    event = _event(request, slug)
    require(request, can, Action.REGISTER, event)
    registration = selectors.registration_of(event=event, user=request.user)
    if registration is None:
        raise Http404
    try:
        services.registration_cancel(actor=request.user, registration=registration)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return render(request, "events/event_detail.html", _detail_context(request, event), status=400)
    messages.success(request, _("Su inscripción fue cancelada."))
    return redirect("events:detail", slug=event.slug)


# --- Staff: events -----------------------------------------------------------------------------


def _organisations() -> list[Any]:
    return list(directory_selectors.organization_list()[:500])


def _naive(value: Any, tz: str) -> Any:
    # The form shows wall time in the event's own zone.
    from zoneinfo import ZoneInfo

    return timezone.localtime(value, ZoneInfo(tz)).replace(tzinfo=None)


def _event_initial(event: Any) -> dict[str, Any]:
    initial = {f: getattr(event, f) for f in EVENT_FIELDS}
    for f in ("starts_at", "ends_at", "registration_opens_at", "registration_closes_at"):
        initial[f] = _naive(initial[f], event.timezone)
    initial["organisers"] = [o.pk for o in event.organisers.all()]
    return initial


@require_http_methods(["GET", "POST"])
def event_create(request: HttpRequest) -> HttpResponse:
    require(request, can, Action.MANAGE_EVENTS)
    form = EventForm(posted(request), organizations=_organisations())
    if form.is_valid():
        try:
            event = services.event_create(actor=request.user, data=form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Evento creado como borrador. Publíquelo cuando esté listo."))
            return redirect("events:detail", slug=event.slug)
    return _form_page(request, "events/event_form.html", {"event": None}, form)


@require_http_methods(["GET", "POST"])
def event_edit(request: HttpRequest, slug: str) -> HttpResponse:
    event = _event(request, slug)
    require(request, can, Action.MANAGE_EVENTS, event)
    form = EventForm(posted(request), organizations=_organisations(), initial=_event_initial(event))
    add_version_field(form, event.row_version)
    context: dict[str, Any] = {"event": event}
    if form.is_valid():
        try:
            services.event_update(
                actor=request.user, event=event, data=edited_values(form), expected_version=form_version(form)
            )
        except StaleVersion as exc:
            context |= form_conflict(form, exc, _event_initial(exc.current))
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Cambios guardados."))
            return redirect("events:detail", slug=event.slug)
    return _form_page(request, "events/event_form.html", context, form)


@require_POST
def event_status(request: HttpRequest, slug: str) -> HttpResponse:
    event = _event(request, slug)
    require(request, can, Action.MANAGE_EVENTS, event)
    raw = request.POST.get("row_version", "")
    try:
        services.event_set_status(
            actor=request.user,
            event=event,
            status=request.POST.get("status", "")[:20],
            expected_version=int(raw) if raw.isdigit() and len(raw) < 10 else None,
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return render(
            request,
            "events/event_detail.html",
            _detail_context(request, event),
            status=409 if isinstance(exc, StaleVersion) else 400,
        )
    messages.success(request, _("Estado actualizado."))
    return redirect("events:detail", slug=event.slug)


@require_GET
def registrants(request: HttpRequest, slug: str) -> HttpResponse:
    event = _event(request, slug)
    require(request, can, Action.VIEW_REGISTRANTS, event)
    context = {
        "event": event,
        "page_obj": paginate(request, selectors.registrants(event=event), 50),
        "payment_form": PaymentForm(),
    }
    return render(request, "events/registrants.html", context)


@require_POST
def registrants_export(request: HttpRequest, slug: str) -> HttpResponse:
    event = _event(request, slug)
    require(request, can, Action.VIEW_REGISTRANTS, event)
    exports.request_registrants(actor=request.user, event=event)
    messages.success(request, _("Preparando el archivo: lo encontrará en «Mis exportaciones»."))
    return redirect("exports:job_list")


@require_POST
def payment(request: HttpRequest, pk: int) -> HttpResponse:
    registration = selectors.registration_get(pk=pk)
    if registration is None:
        raise Http404
    require(request, can, Action.VIEW_REGISTRANTS, registration.event)
    form = PaymentForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(_("Elija pendiente, pagado o exento."))
        services.registration_set_payment(
            actor=request.user, registration=registration, payment_status=form.cleaned_data["payment_status"]
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return render(
            request,
            "events/registrants.html",
            {
                "event": registration.event,
                "page_obj": paginate(request, selectors.registrants(event=registration.event), 50),
                "payment_form": PaymentForm(),
            },
            status=400,
        )
    messages.success(request, _("Pago registrado."))
    return redirect("events:registrants", slug=registration.event.slug)


# --- Demo days ---------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def pitch_apply(request: HttpRequest, slug: str) -> HttpResponse:
    event = _event(request, slug)
    require(request, can, Action.APPLY_PITCH, event)
    own = organization_id(request.user)
    solutions = list(solution_selectors.solutions_of(organization_id=own)) if own else []
    form = PitchForm(posted(request), solutions=solutions)
    if form.is_valid():
        try:
            pitch = services.pitch_apply(
                actor=request.user,
                event=event,
                solution_id=form.cleaned_data["solution"],
                summary=form.cleaned_data["summary"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Postulación enviada. El Hub le avisará su resultado."))
            return redirect("events:pitch_detail", pk=pitch.pk)
    return _form_page(request, "events/pitch_form.html", {"event": event}, form)


@require_GET
def pitches(request: HttpRequest, slug: str) -> HttpResponse:
    event = _event(request, slug)
    require(request, can, Action.MANAGE_EVENTS, event)
    rows = selectors.pitches_for_staff(event=event)
    return render(request, "events/pitches.html", {"event": event, "pitches": rows, "statuses": PitchStatus.choices})


def _pitch(request: HttpRequest, pk: int) -> Any:
    pitch = selectors.pitch_get(pk=pk)
    # Another startup's application does not exist for this visitor.
    if pitch is None or not can(request.user, Action.VIEW_PITCH, pitch):
        raise Http404
    return pitch


@require_GET
def pitch_detail(request: HttpRequest, pk: int) -> HttpResponse:
    pitch = _pitch(request, pk)
    interests = list(pitch.interests.select_related("organization"))
    return render(request, "events/pitch_detail.html", {"pitch": pitch, "interests": interests})


@require_POST
def pitch_decide(request: HttpRequest, pk: int) -> HttpResponse:
    pitch = _pitch(request, pk)
    require(request, can, Action.MANAGE_EVENTS, pitch.event)
    form = PitchDecisionForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(_("Revise la decisión y el lugar en la agenda (1 a 1000)."))
        services.pitch_decide(
            actor=request.user,
            pitch=pitch,
            status=form.cleaned_data["status"],
            agenda_order=form.cleaned_data["agenda_order"],
            expected_version=form.cleaned_data["row_version"],
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        rows = selectors.pitches_for_staff(event=pitch.event)
        context = {"event": pitch.event, "pitches": rows, "statuses": PitchStatus.choices}
        return render(request, "events/pitches.html", context, status=409 if isinstance(exc, StaleVersion) else 400)
    messages.success(request, _("Decisión guardada."))
    return redirect("events:pitches", slug=pitch.event.slug)


@require_POST
def pitch_interest(request: HttpRequest, pk: int) -> HttpResponse:
    pitch = selectors.pitch_get(pk=pk)
    if pitch is None or pitch.status != PitchStatus.SELECTED or not can(request.user, Action.VIEW_EVENT, pitch.event):
        raise Http404
    require(request, can, Action.MARK_INTEREST, pitch)
    try:
        services.pitch_interest(actor=request.user, pitch=pitch)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return render(
            request,
            "events/event_detail.html",
            _detail_context(request, selectors.event_get(slug=pitch.event.slug)),
            status=400,
        )
    messages.success(request, _("Le avisamos a la startup del interés de su municipio."))
    return redirect(reverse("events:detail", kwargs={"slug": pitch.event.slug}) + "#agenda")


# --- Awards ------------------------------------------------------------------------------------


def _edition(slug: str) -> Any:
    edition = selectors.edition_get(slug=slug)
    if edition is None:
        raise Http404
    return edition


@require_GET
def award_list(request: HttpRequest) -> HttpResponse:
    require(request, can, Action.LIST_AWARDS)
    context = {
        "page_obj": paginate(request, selectors.edition_list(), PAGE_SIZE),
        "can_manage": can(request.user, Action.MANAGE_AWARDS),
    }
    return render(request, "events/award_list.html", context)


@require_http_methods(["GET", "POST"])
def award_create(request: HttpRequest) -> HttpResponse:
    require(request, can, Action.MANAGE_AWARDS)
    form = AwardForm(posted(request), rubrics=rubric.available(), initial={"year": timezone.localdate().year})
    if form.is_valid():
        slug, _sep, version = form.cleaned_data["rubric"].partition(":")
        try:
            edition = services.edition_create(
                actor=request.user,
                title=form.cleaned_data["title"],
                year=form.cleaned_data["year"],
                description=form.cleaned_data["description"],
                rubric_slug=slug,
                rubric_version=int(version),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Edición creada. Agregue sus categorías y su jurado."))
            return redirect("events:award_manage", slug=edition.slug)
    return _form_page(request, "events/award_form.html", {}, form)


@require_GET
def award_detail(request: HttpRequest, slug: str) -> HttpResponse:
    edition = _edition(slug)
    require(request, can, Action.VIEW_AWARD, edition)
    published = edition.status == AwardStatus.PUBLISHED
    context = {
        "edition": edition,
        "categories": list(edition.categories.all()),
        "winners": selectors.winners(edition=edition) if published else [],
        "results": selectors.results(edition=edition) if can(request.user, Action.VIEW_RESULTS, edition) else None,
        "rubric": rubric.load(edition.rubric_slug, edition.rubric_version),
        "can_manage": can(request.user, Action.MANAGE_AWARDS, edition),
        "can_nominate": can(request.user, Action.NOMINATE, edition),
        "is_juror": can(request.user, Action.SCORE, edition),
    }
    return render(request, "events/award_detail.html", context)


@require_http_methods(["GET", "POST"])
def award_manage(request: HttpRequest, slug: str) -> HttpResponse:
    """Categories, jury, stage and winners of an edition: one page, one form per action."""
    edition = _edition(slug)
    require(request, can, Action.MANAGE_AWARDS, edition)
    nominations = selectors.nominations_of(edition=edition)
    action = request.POST.get("action", "") if request.method == "POST" else ""
    forms = {
        "category": CategoryForm(request.POST if action == "category" else None),
        "juror": JurorForm(request.POST if action == "juror" else None),
        "winners": WinnersForm(request.POST if action == "winners" else None, nominations=nominations),
    }
    status = 200
    if request.method == "POST":
        form = forms.get(action)
        try:
            if action == "judging":
                services.edition_set_status(actor=request.user, edition=edition, status=AwardStatus.JUDGING)
            elif form is None:
                raise ValidationError(_("Acción desconocida."))
            elif not form.is_valid():
                raise ValidationError(_("Revise los datos del formulario."))
            elif action == "category":
                services.category_add(actor=request.user, edition=edition, **form.cleaned_data)
            elif action == "juror":
                services.juror_appoint(actor=request.user, edition=edition, username=form.cleaned_data["username"])
            else:
                services.winners_publish(actor=request.user, edition=edition, winner_ids=form.cleaned_data["winners"])
        except ValidationError as exc:
            if form is not None:
                add_service_errors(form, exc)
            else:
                messages.error(request, " ".join(exc.messages))
            status = 400
        else:
            messages.success(request, _("Cambios guardados."))
            return redirect("events:award_manage", slug=edition.slug)
    context = {
        "edition": edition,
        "nominations": nominations,
        "results": selectors.results(edition=edition),
        "categories": list(edition.categories.all()),
        "jurors": list(edition.jurors.all()),
        **{f"{k}_form": v for k, v in forms.items()},
    }
    return render(request, "events/award_manage.html", context, status=status)


@require_http_methods(["GET", "POST"])
def nominate(request: HttpRequest, slug: str) -> HttpResponse:
    edition = _edition(slug)
    require(request, can, Action.NOMINATE, edition)
    categories = list(edition.categories.all())
    staff = is_hub_staff(request.user)
    form = NominationForm(
        posted(request),
        categories=categories,
        municipalities=list(directory_selectors.municipalities()[:400]) if staff else None,
    )
    if form.is_valid():
        d = form.cleaned_data
        try:
            services.nomination_create(
                actor=request.user,
                category=next((c for c in categories if c.pk == d["category"]), None) or categories[0],
                organization_id=d.get("organization") if staff else organization_id(request.user),
                title=d["title"],
                description=d["description"],
                evidence_url=d["evidence_url"],
                pilot_id=d["pilot"],
                resource_id=d["resource"],
            )
        except (ValidationError, IndexError) as exc:
            add_service_errors(
                form,
                exc
                if isinstance(exc, ValidationError)
                else ValidationError(_("Esta edición aún no tiene categorías.")),
            )
        else:
            messages.success(request, _("Nominación recibida."))
            return redirect("events:award_detail", slug=edition.slug)
    return _form_page(request, "events/nomination_form.html", {"edition": edition}, form)


@require_GET
def jury(request: HttpRequest, slug: str) -> HttpResponse:
    """The juror's worklist: every nomination of the edition, scored or not, conflicts marked."""
    edition = _edition(slug)
    require(request, can, Action.SCORE, edition)
    juror = selectors.juror_of(edition=edition, user=request.user)
    mine = selectors.scores_of_juror(juror=juror) if juror else {}
    rows = [
        (n, mine.get(n.pk), juror is not None and services.conflict_of_interest(juror, n))
        for n in selectors.nominations_of(edition=edition)
    ]
    return render(request, "events/jury.html", {"edition": edition, "rows": rows})


@require_http_methods(["GET", "POST"])
def score(request: HttpRequest, pk: int) -> HttpResponse:
    nomination = selectors.nomination_get(pk=pk)
    if nomination is None:
        raise Http404
    edition = nomination.category.edition
    require(request, can, Action.SCORE, edition)
    rub = rubric.load(edition.rubric_slug, edition.rubric_version)
    juror = selectors.juror_of(edition=edition, user=request.user)
    assert juror is not None
    mine = selectors.scores_of_juror(juror=juror).get(nomination.pk)
    conflict = services.conflict_of_interest(juror, nomination)
    form = ScoreForm(posted(request), rubric=rub)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.score_submit(
                actor=request.user,
                nomination=nomination,
                values={c.id: d.get(f"c_{c.id}") for c in rub.criteria},
                no_conflict=d["no_conflict"],
                comment=d["comment"],
            )
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                exc = ValidationError(
                    {(f"c_{k}" if f"c_{k}" in form.fields else k): v for k, v in exc.message_dict.items()}
                )
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Evaluación enviada."))
            return redirect("events:jury", slug=edition.slug)
    context = {
        "edition": edition,
        "nomination": nomination,
        "rubric": rub,
        "mine": mine,
        "coi": conflict,
        "closed": edition.status != AwardStatus.JUDGING,
    }
    return _form_page(request, "events/score_form.html", context, form)
