#!/usr/bin/env python
"""Certificates: verification latency over 500 certificates and the PDF build time.

    .venv/bin/python bench/certificates.py [--certificates 500] [--requests 500] [--pdfs 20]

Runs in-process on a throw-away SQLite database (migrated in a temporary var/ folder; set
DATABASE_URL to use PostgreSQL instead), with the test settings (locmem cache). Issues
`--certificates` certificates through the service (with the Ed25519 signature each), then
requests random codes anonymously through Django's test client:
1. the verification page and the verification API without the anonymous page cache (the
   view's own cost: one indexed lookup and a template);
2. the same with the page cache on (what repeated visits and scans of a popular QR cost);
and times `--pdfs` PDF builds (WeasyPrint, tagged PDF/UA-1) after one warm-up build.
Prints p50/p95/max per case. The issue's budget: verification p95 < 50 ms, a PDF < 1 s.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _setup() -> None:
    var = Path(tempfile.mkdtemp(prefix="hublocal-bench-certificates-"))
    os.environ["HUBLOCAL_VAR_DIR"] = str(var)
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{var / 'bench.sqlite3'}")
    os.environ["DJANGO_SETTINGS_MODULE"] = "hublocal.settings.test"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", "--noinput", verbosity=0)


def _stats(label: str, samples: list[float]) -> str:
    ordered = sorted(samples)
    p95 = ordered[max(0, int(round(0.95 * len(ordered))) - 1)]
    return f"| {label} | {len(ordered)} | {statistics.median(ordered):.1f} | {p95:.1f} | {ordered[-1]:.1f} |"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--certificates", type=int, default=500)
    parser.add_argument("--requests", type=int, default=500)
    parser.add_argument("--pdfs", type=int, default=20)
    args = parser.parse_args()
    _setup()

    import logging

    from django.test import Client, override_settings
    from django.urls import reverse

    from hublocal.certificates import pdf, services

    logging.disable(logging.WARNING)  # fontTools reports each subset at INFO/WARNING

    started = time.perf_counter()
    codes = []
    for i in range(args.certificates):
        certificate = services.certificate_issue(
            actor=None,
            holder_user=None,
            holder_name=f"Persona de prueba {i:04d}",
            title="Innovación como herramienta de buen gobierno",
            hours=60,
            start_date=date(2026, 3, 2),
            end_date=date(2026, 6, 26),
            completion_date=date(2026, 7, 3) + timedelta(days=i % 10),
            issuer_name="Hub Nacional de Gobierno Local · AMUCH",
            signatories=[{"name": "María Soto", "position": "Directora ejecutiva"}],
            source="bench.cohort",
            source_id=i,
        )
        codes.append(certificate.code)
    issue_ms = (time.perf_counter() - started) * 1000 / args.certificates

    rng = random.Random(13)
    client = Client()
    rows = []
    for cached in (False, True):
        with override_settings(ANONYMOUS_PAGE_CACHE=cached):
            for label, route in (("page", "certificates:verify"), ("API", "api:certificate_verify")):
                sample = [rng.choice(codes) for _ in range(args.requests)]
                for code in sample[:20]:  # warm-up (templates, translations, cache entries)
                    client.get(reverse(route, kwargs={"code": code}), REMOTE_ADDR="10.9.9.9")
                timings = []
                for i, code in enumerate(sample):
                    url = reverse(route, kwargs={"code": code})
                    # Many visitors (each scanning a QR), not one address hammering the throttle.
                    visitor = f"10.{cached:d}.{i // 250}.{i % 250 + 1}"
                    t0 = time.perf_counter()
                    response = client.get(url, REMOTE_ADDR=visitor)
                    timings.append((time.perf_counter() - t0) * 1000)
                    assert response.status_code == 200, (url, response.status_code)
                rows.append(_stats(f"verification {label}{' (page cache)' if cached else ''}, ms", timings))

    from hublocal.certificates.models import Certificate

    sample_pdfs = list(Certificate.objects.order_by("?")[: args.pdfs + 1])
    pdf.render(sample_pdfs[0])  # warm-up: fonts loaded once per process
    pdf_ms = []
    for certificate in sample_pdfs[1:]:
        t0 = time.perf_counter()
        data = pdf.render(certificate)
        pdf_ms.append((time.perf_counter() - t0) * 1000)
        assert data[:5] == b"%PDF-"
    rows.append(_stats("PDF build, ms", pdf_ms))

    print(f"{args.certificates} certificates issued (signed), {issue_ms:.1f} ms each\n")
    print("| case | n | p50 | p95 | max |\n|---|---|---|---|---|")
    print("\n".join(rows))


if __name__ == "__main__":
    main()
