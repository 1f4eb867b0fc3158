"""No value reaches Streamlit's Markdown unescaped: the pages' source is walked for it (issue 11.7).

Streamlit reads the text of ``st.markdown``, ``st.caption``, the alerts, headers and the labels
of buttons and expanders as Markdown. Every value interpolated there must pass through
``ui.safe.md`` (or be one of ours: a date, a count, a label from our own tables). The browser
test (tests/browser/test_inert_input.py) proves the same in a real browser for what clerks type.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.integration.ui.conftest import seen
from ui.safe import md

UI = Path(__file__).resolve().parents[3] / "ui"
MARKDOWN_CALLS = {
    "markdown",
    "caption",
    "write",
    "info",
    "success",
    "warning",
    "error",
    "toast",
    "title",
    "header",
    "subheader",
    "button",
    "download_button",
    "form_submit_button",
    "expander",
    "popover",
    "page_link",
}
SAFE_CALLS = {"md", "when", "_day", "len", "int", "_rubles", "mask", "describe_reasons"}
"""Functions whose result is ours: the escape itself, dates, counts, money, masked numbers, reasons."""
SAFE_SOURCES = {
    "ROLE_NAMES.get(user.role, user.role)",
    "STATUS_NAMES.get(item.status, item.status)",
    "STATUS_NAMES.get(entry.status, entry.status)",
    "STATE_NAMES.get(state, state)",
    "SOURCE_NAMES.get(item.source, item.source)",
    "DIRECTIONS[entry.direction]",
    "package.position",
    "number",
    "pages",
    "attachment.size // 1024",
    "label",
    "labels.get(RequestKind(view.kind), view.kind)",
    "view.state_text",
    "shown",
    "waiting",
    "f.value",
    "counts[f]",
    "'От' if entry.direction == 'in' else 'Кому'",
    "proposal.corrections",
    "PREFECT_DOWN",
    "lines",  # review's suggestions, each built with md()
}
"""Interpolations of our own text: Russian labels from our tables, numbers, positions."""
SAFE_IN_FILE = {
    ("ui/deadline_badge.py", "text"),  # counts of deadlines
    ("ui/common.py", "empty"),  # the caller's own Russian line for an empty table
    ("ui/page_mover.py", "position"),  # a package's position
    ("ui/page_mover.py", "page"),  # a page number
    ("ui/pages/incoming.py", "MIN_NEEDLE_LENGTH"),  # a constant
    ("ui/pages/incoming.py", "result.total_label"),  # a count or «более N»
    ("ui/pages/incoming.py", "page_number"),  # the pager's number
    ("ui/pages/incoming.py", "result.pages"),  # a page count
    ("ui/sandbox_banner.py", "asked"),  # days, from a number input
    ("ui/views.py", "receipt_date(item)"),  # a date, formatted dd.mm.yyyy
}
"""Texts built a few lines earlier from our own values, per file."""


def _unsafe_parts(node: ast.expr) -> list[str]:
    if isinstance(node, ast.Constant):
        return []
    if isinstance(node, ast.JoinedStr):
        return [part for value in node.values for part in _unsafe_parts(value)]
    if isinstance(node, ast.FormattedValue):
        return _unsafe_parts(node.value)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return _unsafe_parts(node.left) + _unsafe_parts(node.right)
    if isinstance(node, ast.IfExp):
        return _unsafe_parts(node.body) + _unsafe_parts(node.orelse)
    if isinstance(node, ast.BoolOp):
        return [part for value in node.values for part in _unsafe_parts(value)]
    if isinstance(node, ast.Call):
        func = node.func
        name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
        if name in SAFE_CALLS:
            return []
        if name == "join" and isinstance(func, ast.Attribute) and isinstance(func.value, ast.Constant):
            return [part for arg in node.args for part in _unsafe_parts(arg)]
    if isinstance(node, (ast.ListComp, ast.GeneratorExp)):
        return _unsafe_parts(node.elt)
    source = ast.unparse(node)
    return [] if source in SAFE_SOURCES else [source]


def _markdown_texts(tree: ast.AST) -> list[tuple[int, ast.expr]]:
    """(line, text argument) of every call that renders its text as Markdown."""
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Attribute):
            continue
        if node.func.attr not in MARKDOWN_CALLS:
            continue
        texts = list(node.args[:1]) + [k.value for k in node.keywords if k.arg in ("body", "label", "help")]
        found += [(node.lineno, text) for text in texts]
    return found


def _violations() -> list[str]:
    problems = []
    for path in sorted(UI.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for line, text in _markdown_texts(tree):
            name = str(path.relative_to(UI.parent))
            parts = [part for part in _unsafe_parts(text) if (name, part) not in SAFE_IN_FILE]
            problems += [f"{name}:{line}: {part}" for part in parts]
    return problems


def test_every_value_shown_as_markdown_is_escaped_or_ours() -> None:
    assert _violations() == []


def test_the_walk_finds_an_unescaped_value(tmp_path: Path) -> None:
    """The check itself: an interpolated file name without ``md`` is reported, with it is not."""
    bad = ast.parse('st.caption(f"{attachment.file_name} · {pages} стр.")')
    good = ast.parse('st.caption(f"{md(attachment.file_name)} · {pages} стр.")')
    assert [_unsafe_parts(text) for _line, text in _markdown_texts(bad)] == [["attachment.file_name"]]
    assert [_unsafe_parts(text) for _line, text in _markdown_texts(good)] == [[]]


@pytest.mark.parametrize(
    ("typed", "escaped"),
    [
        ("**жирный** _курсив_", r"\*\*жирный\*\* \_курсив\_"),
        ("<script>alert(1)</script>", r"\<script\>alert(1)\</script\>"),
        (":red[красный] :material/home: $x^2$", r"&#58;red\[красный\] &#58;material/home: \$x^2\$"),
        ("[ссылка](http://evil.example)", "\\[ссылка\\](http\u2060&#58;//evil.example)"),
        ("www.evil.example a@b.ru &amp;", "www\u2060.evil.example a@\u2060b.ru \\&amp;"),
        ("# Заголовок\n- пункт\n1. пункт", r"\# Заголовок - пункт 1. пункт"),
        ("- пункт", r"\- пункт"),
        ("1. пункт", r"1\. пункт"),
        ("Иванов И.И., д. 5: кв. 7", "Иванов И.И., д. 5: кв. 7"),
    ],
)
def test_md_escapes_what_markdown_would_read(typed: str, escaped: str) -> None:
    assert md(typed) == escaped
    assert seen(escaped) == " ".join(typed.split("\n"))
