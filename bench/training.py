#!/usr/bin/env python
"""Training: roster and attendance pages of a cohort of 500 participants × 20 sessions.

    .venv/bin/python bench/training.py [--participants 500] [--sessions 20] [--requests 20]

Runs in-process on a throw-away SQLite database (set DATABASE_URL for PostgreSQL) with the test
settings. The cohort, its sessions and a hub administrator are made through the services; the
500 accounts, their applications and the 10,000 attendance rows are bulk-inserted (benchmark
data, not behaviour under test). Then, signed in as the administrator, requests the roster
(first and last page) and a session's attendance sheet (first and last page) and prints, per
page, the number of SQL queries and p50/p95/max in milliseconds.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _setup() -> None:
    var = Path(tempfile.mkdtemp(prefix="hublocal-bench-training-"))
    os.environ["HUBLOCAL_VAR_DIR"] = str(var)
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{var / 'bench.sqlite3'}")
    os.environ["DJANGO_SETTINGS_MODULE"] = "hublocal.settings.test"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", "--noinput", verbosity=0)


def _stats(label: str, queries: int, samples: list[float]) -> str:
    ordered = sorted(samples)
    p95 = ordered[max(0, int(round(0.95 * len(ordered))) - 1)]
    return f"| {label} | {queries} | {statistics.median(ordered):.1f} | {p95:.1f} | {ordered[-1]:.1f} |"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--participants", type=int, default=500)
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--requests", type=int, default=20)
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
    from hublocal.training.models import Application, Attendance

    started = time.perf_counter()
    staff = account_services.user_create(
        actor=None, username="bench-staff", email="s@example.cl", password=None, role="hub_admin"
    )
    programme = services.programme_create(actor=None, title="Programa de referencia", hours=40, status="published")
    module = services.module_add(actor=None, programme=programme, title="Módulo", mode="virtual", hours=40)
    now = timezone.now()
    cohort = services.cohort_create(
        actor=None,
        programme=programme,
        name="Cohorte de 500",
        starts_on=now.date(),
        ends_on=now.date() + timedelta(days=150),
        capacity=args.participants,
        applications_open_at=now - timedelta(days=30),
        applications_close_at=now - timedelta(days=1),
        status="running",
    )
    sessions = [
        services.session_create(
            actor=None,
            cohort=cohort,
            module=module,
            starts_at=now + timedelta(days=7 * i),
            ends_at=now + timedelta(days=7 * i, hours=2),
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
    Application.objects.bulk_create(
        [
            Application(
                cohort=cohort,
                user=u,
                full_name=u.first_name,
                motivation="-",
                status="confirmed",
                applied_at=now,
                country_code="CL",
            )
            for u in users
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
    print(
        f"Datos: {len(apps)} participantes × {len(sessions)} sesiones = "
        f"{Attendance.objects.count()} asistencias en {time.perf_counter() - started:.1f} s"
    )

    client = Client()
    client.force_login(staff)
    roster = reverse("training:roster", kwargs={"pk": cohort.pk})
    sheet = reverse("training:attendance", kwargs={"pk": sessions[0].pk})
    cases = [
        ("roster, página 1", roster),
        ("roster, última página", roster + "?page=999"),
        ("asistencia, página 1", sheet),
        ("asistencia, última página", sheet + "?page=999"),
    ]
    print("| página | consultas | p50 ms | p95 ms | máx ms |")
    print("|---|---|---|---|---|")
    for label, url in cases:
        client.get(url)
        count = [0]

        def counter(execute, sql, params, many, context, count=count):
            count[0] += 1
            return execute(sql, params, many, context)

        with connection.execute_wrapper(counter):
            assert client.get(url).status_code == 200
        samples = []
        for _i in range(args.requests):
            t = time.perf_counter()
            client.get(url)
            samples.append((time.perf_counter() - t) * 1000)
        print(_stats(label, count[0], samples))


if __name__ == "__main__":
    main()
