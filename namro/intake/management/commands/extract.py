"""`namro extract [--json] [--date YYYY-MM-DD] FILE|-`: tasks, people, document numbers and a
working session drawn from a Vietnamese text.

The work is ``namro.intake.management.extracting``, which the console script also runs
without starting Django; this command is the same under ``manage.py`` and for ``--help``.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from namro.intake.core import ExtractionError
from namro.intake.management.extracting import (
    DATE_HELP,
    FILE_HELP,
    HELP,
    JSON_HELP,
    UsageError,
    output,
)
from namro.workdays.calendar import add_working_days


class Command(BaseCommand):
    help = HELP

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", metavar="FILE", help=FILE_HELP)
        parser.add_argument("--json", action="store_true", help=JSON_HELP)
        parser.add_argument("--date", metavar="YYYY-MM-DD", help=DATE_HELP)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            text = output(
                options["file"],
                as_json=options["json"],
                day=options.get("date"),
                add_working_days=add_working_days,
            )
        except (ExtractionError, UsageError) as exc:
            message = exc.message_vi if isinstance(exc, ExtractionError) else str(exc)
            raise CommandError(message) from exc
        self.stdout.write(text)
