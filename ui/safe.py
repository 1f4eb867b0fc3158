"""Showing what people typed as text: one escape for every value put into Streamlit markdown.

``st.markdown``, ``st.caption``, ``st.info``/``success``/``warning``/``error``, ``st.subheader``
and widget labels read their text as Markdown with Streamlit's extras (``:red[…]``,
``:material/…:``, ``$…$`` formulas, autolinks, ``<tags>``). A file name, a debtor's name, a comment
or a letterhead is data, never markup: wrap each such value in ``md`` where it is interpolated,
and the clerk sees exactly the characters that were typed. ``tests/integration/ui/test_inert_text.py`` walks
the pages for values interpolated without it.

    st.markdown(f"**Отправитель:** {md(sender.name)}")
"""

from __future__ import annotations

import re

import streamlit as st

# the marks CommonMark and GFM (emphasis, code, links, headings, tables, strikethrough, tags,
# entities) and Streamlit (``$`` formulas) read anywhere in a line; a backslash shows the mark
_SPECIAL = re.compile(r"([\\`*_\[\]#|~$<>&])")
# Streamlit's icons, emoji and colour directives (``:material/home:``, ``:smile:``, ``:red[``) are
# found in the source beside the Markdown parser and ignore a backslash: their colon becomes a
# character reference, which the parser shows as a colon
_COLON = re.compile(r":(?=[\w/\[])")
# GFM links bare ``http://…``, ``www.…`` and ``a@b.ru`` after parsing, so no escape helps: an
# invisible WORD JOINER (U+2060) inside the pattern keeps them text
JOINER = "\u2060"
_AUTOLINK = re.compile(r"(?i)(?<=https)(?=:)|(?<=http)(?=:)|(?<=ftp)(?=:)|(?<=www)(?=\.)|(?<=@)")
# what starts a list item or a heading only at the beginning of a line: ``- ``, ``+ ``, ``1. ``
_LIST_START = re.compile(r"^(\s*)(?:([-+])|(\d+)([.)]))")
_LINE_BREAKS = re.compile(r"[ \t]*(?:\r\n|[\r\n\u2028\u2029])[ \t]*")


def _unlist(match: re.Match[str]) -> str:
    indent, sign, digits, mark = match.groups()
    return f"{indent}\\{sign}" if sign else f"{indent}{digits}\\{mark}"


def _escape_line(line: str) -> str:
    escaped = _COLON.sub("&#58;", _AUTOLINK.sub(JOINER, _SPECIAL.sub(r"\\\1", line)))
    return _LIST_START.sub(_unlist, escaped)


def md(value: object, *, lines: bool = False) -> str:
    """``value`` as Markdown that renders as exactly its own characters.

    One line by default (breaks become spaces); ``lines=True`` keeps each line on its own.
    """
    parts = _LINE_BREAKS.split(str(value))
    if lines:
        return "  \n".join(_escape_line(part) for part in parts if part.strip())
    return _escape_line(" ".join(parts))


def show(kind: str, message: str) -> None:
    """A flash message (``success``, ``info``, ``warning``, ``error``) shown as plain text lines."""
    getattr(st, kind)(md(message, lines=True))
