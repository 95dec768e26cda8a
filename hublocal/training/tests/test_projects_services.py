"""Group projects (issue 13, item 4): groups, stages, prototype versions, feedback,
presentation and completion, conversion, and who may do what."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from hublocal.audit.models import AuditEvent
from hublocal.notifications.models import Notification
from hublocal.training import selectors, services
from hublocal.training.models import CohortStatus, GroupProject, ProjectStageChange, PrototypeVersion
from hublocal.training.permissions import ProjectAction, can_project

from . import factories as f

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PROTOTYPE = "Un formulario en papel y por WhatsApp para pedir horas en la posta rural."


def _setup(users, *, rules=None, n=3, status=CohortStatus.RUNNING):
    docente = users["partner"]
    programme = f.programme(instructors=[docente], rules=rules or {"project_presented": True})
    cohort = f.cohort(programme_obj=programme, capacity=10)
    people = [f.official(name=f"Persona {i}") for i in range(n)]
    apps = [services.application_enrol(actor=None, cohort=cohort, user=u) for u in people]
    if status != cohort.status:
        cohort = services.cohort_set_status(actor=None, cohort=cohort, status=status)
    group = services.group_create(
        actor=users["staff"], cohort=cohort, name="Grupo Sur", applications=apps[:2], mentor=docente
    )
    return cohort, people, apps, group.project, docente


def test_group_one_per_person_and_only_seated(network, users):
    cohort, people, apps, project, docente = _setup(users)
    with pytest.raises(ValidationError) as exc:
        services.group_create(actor=users["staff"], cohort=cohort, name="Otro", applications=[apps[0]])
    assert "Ya están en otro grupo" in str(exc.value)
    other = f.cohort(programme_obj=cohort.programme, capacity=3)
    stranger = services.application_enrol(actor=None, cohort=other, user=f.official())
    with pytest.raises(ValidationError, match="aceptados o confirmados"):
        services.group_create(actor=users["staff"], cohort=cohort, name="Otro", applications=[stranger])
    with pytest.raises(ValidationError, match="docente de la cohorte"):
        services.group_create(
            actor=users["staff"], cohort=cohort, name="Otro", applications=[apps[2]], mentor=users["santiago"]
        )
    assert GroupProject.objects.filter(group__cohort=cohort).count() == 1


def test_stages_forward_need_their_field_and_are_history(network, users):
    cohort, people, apps, project, docente = _setup(users)
    with pytest.raises(ValidationError, match="concepto"):
        services.project_advance(actor=people[0], project=project, stage="concept")
    with pytest.raises(ValidationError, match="de a una etapa"):
        services.project_advance(actor=people[0], project=project, stage="tested")
    project = services.project_update(
        actor=people[0],
        project=project,
        data={"title": "Horas médicas", "problem": "Largas filas", "concept": "Agenda simple"},
        expected_version=project.row_version,
    )
    project = services.project_advance(actor=people[0], project=project, stage="concept")
    assert project.stage == "concept"
    change = ProjectStageChange.objects.get(project=project)
    assert (change.from_stage, change.to_stage, change.changed_by_id) == ("idea", "concept", people[0].pk)
    assert AuditEvent.objects.filter(action="training.project_stage").exists()


def test_prototype_bad_file_writes_nothing_then_versions_are_kept(network, users):
    cohort, people, apps, project, docente = _setup(users)
    project = services.project_update(actor=people[0], project=project, data={"concept": "Agenda simple"})
    services.project_advance(actor=people[0], project=project, stage="concept")
    with pytest.raises(ValidationError) as exc:
        services.prototype_submit(actor=people[0], project=project, text=PROTOTYPE, file_name="virus.exe", data=b"MZ")
    assert "no es de un tipo aceptado" in str(exc.value)
    with pytest.raises(ValidationError, match="imagen PNG o JPEG"):
        services.prototype_submit(actor=people[0], project=project, text=PROTOTYPE, file_name="f.png", data=PDF)
    assert not PrototypeVersion.objects.filter(project=project).exists()
    project.refresh_from_db()
    assert project.stage == "concept"
    v1 = services.prototype_submit(actor=people[0], project=project, text=PROTOTYPE, file_name="ficha.pdf", data=PDF)
    v2 = services.prototype_submit(
        actor=people[1], project=project, text=PROTOTYPE + " v2", file_name="a.png", data=PNG
    )
    project.refresh_from_db()
    assert (v1.number, v2.number, v2.file_fmt) == (1, 2, "png")
    assert project.stage == "prototype" and project.prototype.endswith("v2")
    assert PrototypeVersion.objects.get(pk=v1.pk).text == PROTOTYPE  # the first version is unchanged


def test_feedback_notifies_members(network, users):
    cohort, people, apps, project, docente = _setup(users)
    services.feedback_add(actor=docente, project=project, body="Muy buen enfoque; prueben con vecinos.")
    mine = Notification.objects.filter(kind="training.project_feedback", url__endswith=f"/proyectos/{project.pk}/")
    notified = set(mine.values_list("user_id", flat=True))
    assert notified == {people[0].pk, people[1].pk}
    with pytest.raises(ValidationError):
        services.feedback_add(actor=docente, project=project, body="ok")


def test_presentation_meets_completion_rule(network, users):
    cohort, people, apps, project, docente = _setup(users)
    progress = {p.application.pk: p for p in selectors.cohort_progress(cohort=cohort)}
    assert "presentar el proyecto grupal" in progress[apps[0].pk].outcome.missing
    with pytest.raises(ValidationError) as exc:
        services.presentation_record(actor=users["staff"], project=project, presented_on=None)
    assert "fecha" in str(exc.value)
    with pytest.raises(ValidationError):
        services.presentation_record(
            actor=users["staff"], project=project, presented_on=timezone.localdate() + timedelta(days=3), url="x"
        )
    services.presentation_record(
        actor=users["staff"], project=project, presented_on=timezone.localdate(), url="https://video.example/p"
    )
    progress = {p.application.pk: p for p in selectors.cohort_progress(cohort=cohort)}
    assert progress[apps[0].pk].outcome.complete and progress[apps[1].pk].outcome.complete
    assert not progress[apps[2].pk].outcome.complete  # not in the group


def test_convert_once_per_kind(network, users):
    cohort, people, apps, project, docente = _setup(users)
    project = services.project_update(
        actor=people[0],
        project=project,
        data={
            "title": "Agenda rural de horas médicas",
            "problem": "Las personas viajan horas para pedir una hora médica.",
            "local_context": "Comuna rural con baja conectividad y población mayor.",
            "concept": "Pedir horas por mensaje de texto con confirmación.",
        },
    )
    project = services.project_convert(actor=docente, project=project, target="challenge", area="aps")
    assert project.challenge_id
    with pytest.raises(ValidationError, match="ya se convirtió en desafío"):
        services.project_convert(actor=docente, project=project, target="challenge", area="aps")
    project = services.project_convert(actor=users["staff"], project=project, target="resource")
    assert project.resource_id
    links = selectors.linked_objects(project=project)
    assert links["challenge"].title == project.title and links["challenge"].status == "draft"
    assert links["challenge"].owner_id == apps[0].organization_id
    assert links["resource"].status == "draft"


def test_permissions(network, users):
    cohort, people, apps, project, docente = _setup(users)
    project = selectors.project_get(pk=project.pk)
    member, peer, outsider = people[0], people[2], users["santiago"]
    assert can_project(member, ProjectAction.EDIT_PROJECT, project)
    assert not can_project(peer, ProjectAction.EDIT_PROJECT, project)
    assert not can_project(docente, ProjectAction.EDIT_PROJECT, project)
    assert can_project(docente, ProjectAction.COMMENT_PROJECT, project)
    assert not can_project(member, ProjectAction.COMMENT_PROJECT, project)
    assert not can_project(peer, ProjectAction.VIEW_PROJECT, project)  # still an idea
    assert can_project(docente, ProjectAction.CONVERT_PROJECT, project)
    assert not can_project(member, ProjectAction.CONVERT_PROJECT, project)
    GroupProject.objects.filter(pk=project.pk).update(stage="prototype")
    project = selectors.project_get(pk=project.pk)
    assert can_project(peer, ProjectAction.VIEW_PROJECT, project)
    assert not can_project(outsider, ProjectAction.VIEW_PROJECT, project)
    with pytest.raises(ValidationError, match="cohorte finaliza"):
        services.project_set_public(actor=users["staff"], project=project, public=True)
    services.cohort_set_status(actor=None, cohort=cohort, status=CohortStatus.FINISHED)
    services.project_set_public(actor=users["staff"], project=project, public=True)
    project = selectors.project_get(pk=project.pk)
    from django.contrib.auth.models import AnonymousUser

    assert can_project(AnonymousUser(), ProjectAction.VIEW_PROJECT, project)
    assert project.pk in [p.pk for p in selectors.public_projects()]
