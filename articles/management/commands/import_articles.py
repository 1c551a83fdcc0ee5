"""
Import plain-text article drafts as draft articles, and say what each still needs.

    python manage.py import_articles PATH [PATH ...] [--dry-run] [--force]
                                     [--format text|json] [--user USERNAME]

PATH is a file, or a folder whose .txt files are imported in name order (not its
subfolders). Importing a file again updates the draft made from it; an unchanged file is
left alone. Published articles and articles in review are only replaced with --force, and
then go back to draft. Exits 0 when every file was imported (problems in the content are
reported, not failures); 1 when a file could not be read, parsed or saved, or was not
imported because its article is published or in review; the other files are still imported.
"""

import json
from collections import Counter

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from articles.importing import ImportReport, ImportStatus, import_paths
from articles.publishing import Severity


class Command(BaseCommand):
    help = (
        "Import plain-text drafts (files, or folders of .txt files) as draft articles and "
        "report what each needs before publishing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "paths", nargs="+", metavar="PATH", help="A .txt file or a folder of them."
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Report what would happen; change nothing."
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Also replace published articles and articles in review (back to draft).",
        )
        parser.add_argument("--format", choices=["text", "json"], default="text")
        parser.add_argument(
            "--user", help="Username recorded in the articles' history (may add articles)."
        )

    def handle(self, *args, paths, dry_run, force, format, user, verbosity, **options):
        importer = None
        if user:
            importer = get_user_model().objects.filter(username=user, is_active=True).first()
            if importer is None:
                raise CommandError(f"No active user “{user}”.")
            if not importer.has_perm("articles.add_article"):
                raise CommandError(f"{user} does not have permission to add articles.")
            if force and not importer.has_perm("articles.publish_article"):
                raise CommandError(f"{user} may not replace published articles (--force).")
        reports = import_paths(paths, user=importer, dry_run=dry_run, force=force)
        if format == "json":
            self.stdout.write(
                json.dumps([report.as_dict() for report in reports], indent=2, ensure_ascii=False)
            )
        elif verbosity > 0:
            for report in reports:
                self._write_report(report, verbosity)
            self._write_summary(reports, dry_run)
        failed = [report for report in reports if not report.imported]
        if failed:
            raise CommandError(
                f"{len(failed)} of {len(reports)} file(s) not imported: "
                + "; ".join(f"{report.file}: {report.message}" for report in failed)
            )

    def _write_report(self, report: ImportReport, verbosity: int) -> None:
        verb = report.outcome
        if not report.imported:
            self.stdout.write(self.style.ERROR(f"✗ {report.file}: {verb}. {report.message}"))
            return
        style = self.style.SUCCESS if report.status != ImportStatus.UNCHANGED else str
        self.stdout.write(style(f"✓ {report.file}: {verb} “{report.title}” ({report.slug})"))
        lines = [
            f"conditions: {', '.join(report.conditions) or 'none found'}",
            f"references: {len(report.references)} ({report.linked_references} with a link)",
        ]
        if verbosity > 1:
            lines += [
                f"  {number}. {reference.citation}"
                + "".join(
                    f" [{label} {value}]"
                    for label, value in [
                        ("URL", reference.url),
                        ("DOI", reference.doi),
                        ("PMID", reference.pmid),
                    ]
                    if value
                )
                for number, reference in enumerate(report.references, start=1)
            ]
        lines += [f"dropped: {line}" for line in report.dropped]
        lines += [f"warning: {warning}" for warning in report.warnings]
        if report.problems:
            lines.append(f"before publishing ({len(report.problems)}):")
            lines += [
                f"  [{'sign-off' if problem.severity == Severity.NEEDS_SIGN_OFF else 'blocking'}]"
                f" {problem.message}"
                for problem in report.problems
            ]
        else:
            lines.append("ready to publish")
        for line in lines:
            self.stdout.write(f"    {line}")

    def _write_summary(self, reports: list[ImportReport], dry_run: bool) -> None:
        counts = Counter(report.outcome for report in reports)
        summary = ", ".join(f"{count} {outcome}" for outcome, count in counts.items())
        prefix = "Dry run, nothing changed: " if dry_run else ""
        self.stdout.write(f"{prefix}{len(reports)} file(s): {summary}.")
