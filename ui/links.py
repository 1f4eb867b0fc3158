"""Links to one object: ``?item=ВХ-…``, ``?letter=ИСХ-…``, ``?case=К-…`` open it (after sign-in).

A clerk sends a colleague the address of an item, a letter or a case; whoever opens it signs in
(or is signed in by the session cookie) and lands on the page that shows that object, opened.
The parameter stays in the address bar, so F5 shows the same object again. A link carries only
the registration or case number, never a name: numbers are what clerks already pass around.
"""

from __future__ import annotations

import streamlit as st

from tasks.object_links import letter_place
from ui import deps
from ui.safe import md

LINK_PAGES = {"item": "incoming", "letter": "outgoing", "case": "cases"}
"""Query parameter → the key (``ui.nav.PAGES``) of the page that opens that object."""

DONE_KEY = "korr_link_done"


def target_page() -> str | None:
    """The page key a link in the address asks for, or None for an ordinary address."""
    for param, page in LINK_PAGES.items():
        if st.query_params.get(param):
            return page
    return None


def pending(param: str) -> str | None:
    """The object number this link names, once per tab and value (then the clerk moves on freely)."""
    value = str(st.query_params.get(param) or "").strip()
    if not value or st.session_state.get(DONE_KEY) == (param, value):
        return None
    st.session_state[DONE_KEY] = (param, value)
    return value


def open_letter_link(*, page_size: int) -> None:
    """On «Исходящие», before its widgets: a link ``?letter=ИСХ-…`` picks that letter's folder,
    the page it is listed on and the letter itself, as if the clerk had clicked there."""
    number = pending("letter")
    if not number:
        return
    with deps.unit_of_work() as session:
        place = letter_place(session, number)
    if place is None:
        st.warning(f"Письмо {md(number)} не найдено.")
        return
    st.session_state["out_folder"] = place.folder
    st.session_state["out_page"] = place.index // page_size + 1
    st.session_state["out_letter"] = place.letter_id
