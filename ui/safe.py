"""Showing what people typed as text: one escape for every value put into Streamlit markdown.

``st.markdown``, ``st.caption``, ``st.info``/``success``/``warning``/``error``, ``st.subheader``
and widget labels read their text as Markdown with Streamlit's extras (``:red[…]``,
``:material/…:``, ``$…$`` formulas, autolinks, ``<tags>``). A file name, a debtor's name, a comment
or a letterhead is data, never markup: wrap each such value in ``md`` where it is interpolated,
and the clerk sees exactly the characters that were typed. ``tests/ui/test_inert_text.py`` walks
the pages for values interpolated without it.

    st.markdown(f"**Отправитель:** {md(sender.name)}")
"""

from __future__ import annotations

import re

import streamlit as st

# the marks CommonMark, GFM (tables, strikethrough, e-mail autolinks) and Streamlit (directives,
# icons, emoji short codes, LaTeX) read anywhere in a line; a backslash before one shows the mark.
# A colon opens ``:red[``, ``:material/``, ``:smile:`` and ``http://`` only before a word, a slash
# or a bracket; «Отправитель: …» keeps its colon plain
_SPECIAL = re.compile(r"([\\`*_\[\]#|~$<>&@]|:(?=[\w/\[]))")
# ``www.`` starts an autolink (``http://`` is broken by the escaped colon)
_WWW = re.compile(r"(?i)(www)\.")
# what starts a list item or a heading only at the beginning of a line: ``- ``, ``+ ``, ``1. ``
_LIST_START = re.compile(r"^(\s*)(?:([-+])|(\d+)([.)]))")
_LINE_BREAKS = re.compile(r"[ \t]*(?:\r\n|[\r\n\u2028\u2029])[ \t]*")


def _unlist(match: re.Match[str]) -> str:
    indent, sign, digits, mark = match.groups()
    return f"{indent}\\{sign}" if sign else f"{indent}{digits}\\{mark}"


def _escape_line(line: str) -> str:
    return _LIST_START.sub(_unlist, _WWW.sub(r"\1\\.", _SPECIAL.sub(r"\\\1", line)))


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
