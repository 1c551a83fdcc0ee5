"""Escaping is turned off only where the allow-list below says, and says why.

Django escapes every value a template shows. `|safe`, `|safeseq`, `{% autoescape off %}`,
`mark_safe()`, `SafeString()`, `format_html()` with a format string built from data, `@html_safe`
and `__html__` all turn that off, so each one is a place where stored text could become markup.
This test reads our own code and templates (not .venv, node_modules, migrations or the tests)
and fails on any such use that is not listed in ALLOWED by file and exact expression, naming the
file and line. The only HTML allowed through from a field is what `render_markdown` sanitised.
"""

import ast
import os
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings
from django.template.base import Lexer, TokenType

from articles.models import Article
from conditions.models import Condition
from practitioners.models import Practitioner

PROJECT = Path(settings.BASE_DIR)
SKIPPED_FOLDERS = {
    ".venv", "venv", "node_modules", "migrations", "tests", "__pycache__", "staticfiles",
    "media", "reports", "screenshots", "build", "dist",
}  # fmt: skip
TEMPLATE_SUFFIXES = {".html", ".txt", ".xml"}
SAFE_FILTER = re.compile(r"\|\s*(safe|safeseq)\b")
MARKING_CALLS = {"mark_safe", "SafeString", "SafeText", "SafeData"}
# format_html's arguments are escaped but its format string is not: it must be a literal.
FORMAT_STRING_ARGUMENT = {"format_html": 0, "format_html_join": 1}


@dataclass(frozen=True)
class SanitisedField:
    """HTML that `render_markdown` made from a model's Markdown field when it was saved."""

    model: type
    field: str


# (file, exact expression) -> why escaping may be off there.
ALLOWED: dict[tuple[str, str], SanitisedField | str] = {
    ("templates/articles/article_detail.html", "article.body_html|safe"): SanitisedField(
        Article, "body_html"
    ),
    ("templates/conditions/condition_detail.html", "condition.body_html|safe"): SanitisedField(
        Condition, "body_html"
    ),
    (
        "templates/practitioners/practitioner_detail.html",
        "practitioner.biography_html|safe",
    ): SanitisedField(Practitioner, "biography_html"),
    ("clinic_site/templatetags/structured_data.py", "mark_safe(json_ld_text(data))"): (
        "The text of a JSON-LD block: json_ld_text escapes <, > and & as JSON escapes (like "
        "Django's json_script), so nothing ends the block; HTML escaping would corrupt the JSON."
    ),
    ("clinic_site/templatetags/structured_data.py", 'SafeString("")'): "An empty string.",
    ("templates/inquiries/emails/staff_notification.txt", "{% autoescape off %}"): (
        "A plain-text email body: escaping would show &amp; and &#x27; to the reader."
    ),
    ("templates/inquiries/emails/visitor_confirmation.txt", "{% autoescape off %}"): (
        "A plain-text email body: escaping would show &amp; and &#x27; to the reader."
    ),
    ("accounts/enrolment.py", 'mark_safe(ElementTree.tostring(svg, encoding="unicode"))'): (
        "The staff member's own QR code: SVG drawn by the qrcode library and serialised by "
        "ElementTree, which escapes text and attributes; no typed text appears in it."
    ),
}


@dataclass(frozen=True)
class Finding:
    path: str
    line: int
    expression: str

    def __str__(self) -> str:
        return (
            f"{self.path}:{self.line}: `{self.expression}` turns off HTML escaping and is not "
            "on the allow-list (ALLOWED in tests/security/test_safe_usage.py). Let Django "
            "escape it; only HTML sanitised by clinic_site/rendering.py may be allowed."
        )


def template_findings(path: str, text: str, first_line: int = 1) -> list[Finding]:
    """Every place in a Django template that shows something unescaped."""
    findings = []
    for token in Lexer(text).tokenize():
        contents = token.contents.strip()
        line = first_line + token.lineno - 1
        if token.token_type == TokenType.VAR and SAFE_FILTER.search(contents):
            findings.append(Finding(path, line, contents))
        elif token.token_type == TokenType.BLOCK:
            words = contents.split()
            if (
                words[:2] == ["autoescape", "off"]
                or SAFE_FILTER.search(contents)
                or (words[:1] == ["filter"] and re.search(r"\bsafe(seq)?\b", contents))
            ):
                findings.append(Finding(path, line, f"{{% {contents} %}}"))
    return findings


def python_findings(path: str, text: str) -> list[Finding]:
    """Every place in a Python module that marks text safe or turns escaping off."""
    findings = []

    def found(node: ast.AST) -> None:
        findings.append(Finding(path, node.lineno, ast.get_source_segment(text, node) or ""))

    for node in ast.walk(ast.parse(text, filename=path)):
        if isinstance(node, ast.Call):
            name = _called_name(node.func)
            if name in MARKING_CALLS:
                found(node)
            elif name in FORMAT_STRING_ARGUMENT:
                position = FORMAT_STRING_ARGUMENT[name]
                format_string = node.args[position] if len(node.args) > position else None
                if not (
                    isinstance(format_string, ast.Constant)
                    and isinstance(format_string.value, str)
                ):
                    found(node)
            if any(
                keyword.arg == "autoescape"
                and not (isinstance(keyword.value, ast.Constant) and keyword.value.value is True)
                for keyword in node.keywords
            ):
                found(node)
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            if node.name == "__html__":
                findings.append(Finding(path, node.lineno, "def __html__"))
            for decorator in node.decorator_list:
                if _called_name(decorator) == "html_safe":
                    found(decorator)
        elif (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and ("{{" in node.value or "{%" in node.value)
        ):
            # A template written in Python: Template("{{ x|safe }}").
            findings += template_findings(path, node.value, first_line=node.lineno)
    return findings


def _called_name(node: ast.AST) -> str:
    if isinstance(node, ast.Call):
        node = node.func
    if isinstance(node, ast.Attribute):
        return node.attr
    if isinstance(node, ast.Name):
        return node.id
    return ""


def project_findings() -> list[Finding]:
    findings = []
    for folder, subfolders, files in os.walk(PROJECT):
        subfolders[:] = sorted(
            name
            for name in subfolders
            if not name.startswith(".")
            and name not in SKIPPED_FOLDERS
            and not name.endswith(".egg-info")
        )
        for name in sorted(files):
            path = Path(folder) / name
            relative = path.relative_to(PROJECT).as_posix()
            if path.suffix == ".py":
                findings += python_findings(relative, path.read_text(encoding="utf-8"))
            elif path.suffix in TEMPLATE_SUFFIXES and "templates" in path.parts:
                findings += template_findings(relative, path.read_text(encoding="utf-8"))
    return findings


def not_allowed(findings: list[Finding]) -> list[Finding]:
    return [finding for finding in findings if (finding.path, finding.expression) not in ALLOWED]


def test_nothing_outside_the_allow_list_turns_off_escaping():
    refused = not_allowed(project_findings())

    assert not refused, "\n".join(map(str, refused))


def test_every_allow_list_entry_is_still_in_the_code():
    """An entry whose code has gone would quietly allow the next thing written there."""
    found = {(finding.path, finding.expression) for finding in project_findings()}

    assert [entry for entry in ALLOWED if entry not in found] == []


@pytest.mark.parametrize(
    "allowed",
    [reason for reason in ALLOWED.values() if isinstance(reason, SanitisedField)],
    ids=lambda allowed: f"{allowed.model.__name__}.{allowed.field}",
)
def test_html_shown_unescaped_is_only_ever_written_by_the_sanitiser(allowed):
    """Each field shown with |safe is filled by render_markdown on save; staff cannot type it."""
    assert allowed.field in allowed.model.markdown_fields.values()
    assert not allowed.model._meta.get_field(allowed.field).editable


def test_the_checker_reports_unescaped_output_in_a_template():
    template = (
        "<h1>{{ title }}</h1>\n"
        "<p>{{ x|safe }}</p>\n"
        "{% autoescape off %}{{ y }}{% endautoescape %}\n"
        "<ul>{{ items|safeseq|unordered_list }}</ul>\n"
        "{% with z=comment|safe %}{{ z }}{% endwith %}\n"
        "{% filter force_escape|safe %}{{ w }}{% endfilter %}\n"
        "{# {{ commented|safe }} is not output #}\n"
    )

    findings = template_findings("templates/new.html", template)

    assert [(finding.line, finding.expression) for finding in findings] == [
        (2, "x|safe"),
        (3, "{% autoescape off %}"),
        (4, "items|safeseq|unordered_list"),
        (5, "{% with z=comment|safe %}"),
        (6, "{% filter force_escape|safe %}"),
    ]
    assert str(not_allowed(findings)[0]).startswith(
        "templates/new.html:2: `x|safe` turns off HTML escaping"
    )


def test_the_checker_reports_marking_text_safe_in_python():
    module = (
        "from django.utils.html import format_html\n"
        "from django.utils.safestring import mark_safe\n"
        "\n"
        "\n"
        "def greeting(name):\n"
        "    return mark_safe(name)\n"
        "\n"
        "\n"
        "def heading(name):\n"
        '    return format_html(f"<h2>{name}</h2>")\n'
        "\n"
        "\n"
        "def fine(name):\n"
        '    return format_html("<h2>{}</h2>", name)\n'
    )

    findings = python_findings("articles/greeting.py", module)

    assert [(finding.line, finding.expression) for finding in findings] == [
        (6, "mark_safe(name)"),
        (10, 'format_html(f"<h2>{name}</h2>")'),
    ]
    assert str(not_allowed(findings)[0]).startswith(
        "articles/greeting.py:6: `mark_safe(name)` turns off HTML escaping"
    )


def test_an_allowed_expression_in_another_file_is_still_reported():
    findings = template_findings(
        "templates/articles/article_card.html", "{{ article.body_html|safe }}"
    )

    assert not_allowed(findings) == findings
