"""Build the open-data files now: `manage.py build_open_data [--all] [KEY ...]`.

What the task queue does on its own (after a change, hourly for stale ones, nightly for all);
useful after a deployment or a bulk import, and for benchmarks."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from hublocal.core import registry
from hublocal.exports import services


class Command(BaseCommand):
    help = "Build the registered open datasets (missing or stale ones; every one with --all)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("keys", nargs="*", help="dataset keys, e.g. diagnosis.scores (default: all)")
        parser.add_argument("--all", action="store_true", help="rebuild even the up-to-date ones")

    def handle(self, *args: Any, **options: Any) -> None:
        keys = options["keys"]
        unknown = [k for k in keys if registry.dataset(k) is None]
        if unknown:
            known = ", ".join(d.key for d in registry.datasets())
            raise CommandError(f"Unknown dataset(s): {', '.join(unknown)}. Known: {known}")
        if keys:
            for key in keys:
                row = services.dataset_build(key)
                self.stdout.write(f"{key}: {len(row.files)} files in {row.build_seconds:.2f} s")
            return
        built = services.datasets_refresh(everything=options["all"])
        self.stdout.write(f"Built: {', '.join(built) if built else 'nothing (all up to date)'}")
