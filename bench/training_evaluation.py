#!/usr/bin/env python
"""Training evaluation: the cohort report (HTML page and PDF) of 500 participants × 20 sessions.

    .venv/bin/python bench/training_evaluation.py [--participants 500] [--sessions 20] [--requests 10]

Runs in-process on a throw-away SQLite database (set DATABASE_URL for PostgreSQL) with the test
settings. The programme (five modules), cohort and sessions are made through the services; the
accounts, applications, attendance rows and survey responses (satisfaction per module from 85 %,
pre from 90 %, post from 80 %) are bulk-inserted (benchmark data, not behaviour under test).
Then, signed in as a hub administrator, requests the report page, its JSON API and its PDF and
prints, per request, the number of SQL queries and p50/p95/max in milliseconds.
"""

from __future__ import annotations

import argparse
import random
import time
from datetime import timedelta

# The same throw-away database and table format as bench/training.py (it puts the repo on sys.path).
from training import _setup, _stats


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--participants", type=int, default=500)
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--requests", type=int, default=10)
    args = parser.parse_args()
    _setup()
    import logging

    logging.getLogger("hublocal.request").setLevel(logging.WARNING)

    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.urls import reverse
    from django.utils import timezone

    from hublocal.accounts import services as account_services
    from hublocal.training import services
    from hublocal.training.models import Application, Attendance, SurveyResponse

    started = time.perf_counter()
    rng = random.Random(7)
    staff = account_services.user_create(
        actor=None, username="bench-staff", email="s@example.cl", password=None, role="hub_admin"
    )
    programme = services.programme_create(actor=None, title="Programa de referencia", hours=40, status="published")
    modules = [
        services.module_add(actor=None, programme=programme, title=f"Módulo {i + 1}", mode="virtual", hours=8)
        for i in range(5)
    ]
    now = timezone.now()
    start = now - timedelta(days=7 * args.sessions + 10)
    cohort = services.cohort_create(
        actor=None,
        programme=programme,
        name="Cohorte de 500",
        starts_on=start.date(),
        ends_on=now.date(),
        capacity=args.participants,
        applications_open_at=start - timedelta(days=30),
        applications_close_at=start - timedelta(days=1),
        status="finished",
    )
    sessions = [
        services.session_create(
            actor=None,
            cohort=cohort,
            module=modules[i * len(modules) // args.sessions],
            starts_at=start + timedelta(days=7 * i),
            ends_at=start + timedelta(days=7 * i, hours=2),
        )
        for i in range(args.sessions)
    ]
    User = get_user_model()
    User.objects.bulk_create(
        [
            User(username=f"p{i:05d}", email=f"p{i:05d}@example.cl", role="hub_analyst", first_name=f"Persona {i:05d}")
            for i in range(args.participants)
        ],
        batch_size=1000,
    )
    users = list(User.objects.filter(username__startswith="p0").order_by("pk"))
    countries = ["CL", "UY", "BR", "PY"]
    Application.objects.bulk_create(
        [
            Application(
                cohort=cohort,
                user=u,
                full_name=u.first_name,
                motivation="-",
                status="confirmed",
                applied_at=start,
                country_code=countries[i % 4],
            )
            for i, u in enumerate(users)
        ],
        batch_size=1000,
    )
    apps = list(Application.objects.filter(cohort=cohort).values_list("pk", flat=True))
    Attendance.objects.bulk_create(
        [
            Attendance(
                session=s,
                application_id=a,
                status="present" if (a + s.pk) % 5 else "absent",
                source="instructor",
                recorded_at=now,
            )
            for s in sessions
            for a in apps
        ],
        batch_size=2000,
    )
    items = ("contenido", "docente", "materiales", "aplicabilidad")
    skills = ("problemas", "usuarios", "ideacion", "prototipos", "datos")
    responses = []
    for a in apps:
        base = {k: rng.randint(1, 3) for k in skills}
        for m in modules:
            if rng.random() < 0.85:
                answers: dict = {k: rng.randint(2, 5) for k in items}
                if rng.random() < 0.2:
                    answers["comentario"] = "Comentario de referencia sobre el módulo."
                responses.append(SurveyResponse(application_id=a, cohort=cohort, kind="satisfaction", module=m,
                                                instrument_slug="satisfaccion-modulo", instrument_version=1,
                                                answers=answers, submitted_at=now))  # fmt: skip
        if rng.random() < 0.9:
            responses.append(SurveyResponse(application_id=a, cohort=cohort, kind="pre", answers=base,
                                            instrument_slug="autoevaluacion-competencias", instrument_version=1,
                                            submitted_at=now))  # fmt: skip
        if rng.random() < 0.8:
            after = {k: min(5, v + rng.randint(0, 2)) for k, v in base.items()}
            responses.append(SurveyResponse(application_id=a, cohort=cohort, kind="post", answers=after,
                                            instrument_slug="autoevaluacion-competencias", instrument_version=1,
                                            submitted_at=now))  # fmt: skip
    SurveyResponse.objects.bulk_create(responses, batch_size=2000)
    print(
        f"Datos: {len(apps)} participantes × {len(sessions)} sesiones = {Attendance.objects.count()} asistencias, "
        f"{len(responses)} respuestas de encuestas en {time.perf_counter() - started:.1f} s"
    )

    client = Client()
    client.force_login(staff)
    cases = [
        ("informe HTML", reverse("training:cohort_report", kwargs={"pk": cohort.pk}), args.requests),
        ("informe API (JSON)", f"/api/v1/training/cohorts/{cohort.pk}/report/", args.requests),
        ("informe PDF", reverse("training:cohort_report_pdf", kwargs={"pk": cohort.pk}), max(3, args.requests // 3)),
    ]
    print("| informe | consultas | p50 ms | p95 ms | máx ms |")
    print("|---|---|---|---|---|")
    for label, url, repeat in cases:
        client.get(url)
        count = [0]

        def counter(execute, sql, params, many, context, count=count):
            count[0] += 1
            return execute(sql, params, many, context)

        with connection.execute_wrapper(counter):
            assert client.get(url).status_code == 200
        samples = []
        for _i in range(repeat):
            t = time.perf_counter()
            client.get(url)
            samples.append((time.perf_counter() - t) * 1000)
        print(_stats(label, count[0], samples))


if __name__ == "__main__":
    main()
