"""Кейсы: one case's documents, in and out, in time order, with their files.

Opening a case is a view of a debtor's documents and is logged once, when the clerk picks it;
each file is read (and logged) only when the clerk asks to see it. The debtor's active contact
guards are shown above everything; each letter handed over to Russian Post offers its proof of
dispatch (built by the ``clerk-requests`` flow, downloaded from the request panel, audited).
"""

from __future__ import annotations

import streamlit as st

from db.models.enums import RequestKind
from db.reference import search_cases
from tasks.guards import GuardError, guard_notices, record_representative
from tasks.incoming_queries import case_id_by_number, case_timeline, file_content
from tasks.outgoing.proof import provable_letters
from ui import background, deps, links
from ui import outgoing_actions as actions
from ui.common import STATUS_NAMES, mask, when
from ui.preview import show_file
from ui.safe import md, show

OPEN = "case_open"
FILE = "case_file"
DIRECTIONS = {"in": "Входящий", "out": "Исходящий"}
PROOF_LABELS = {RequestKind.DISPATCH_PROOF: "Доказательство отправки"}


def _save_representative(user: deps.CurrentUser, guard_id: int) -> None:
    if not deps.allowed_here(user, "cases"):
        return
    state = st.session_state
    try:
        with deps.unit_of_work() as session:
            record_representative(
                session,
                guard_id,
                name=str(state.get(f"case_rep_name_{guard_id}", "")),
                address=str(state.get(f"case_rep_address_{guard_id}", "")),
                actor=user.actor,
            )
    except GuardError as exc:
        state[actions.FLASH] = ("error", exc.message)
        return
    state[actions.FLASH] = ("success", "Адрес представителя записан: письма по кейсу можно направлять ему.")


def _guards(user: deps.CurrentUser, case_id: int) -> None:
    with deps.unit_of_work() as session:
        notices = guard_notices(session, [case_id]).get(case_id, [])
    for notice in notices:
        st.warning(f"**Ограничение на контакт с должником.** {md(notice.text)}", icon=":material/block:")
        if notice.kind == "representative" and not notice.representative:
            with st.form(f"case_rep_{notice.guard_id}", border=False):
                st.text_input("Представитель (ФИО, адвокат)", key=f"case_rep_name_{notice.guard_id}")
                st.text_input(
                    "Почтовый адрес представителя с индексом", key=f"case_rep_address_{notice.guard_id}"
                )
                st.form_submit_button(
                    "Записать адрес представителя",
                    key=f"case_rep_save_{notice.guard_id}",
                    on_click=_save_representative,
                    args=(user, notice.guard_id),
                )


def _proofs(user: deps.CurrentUser, case_id: int) -> None:
    with deps.unit_of_work() as session:
        letters = provable_letters(session, case_id)
    if not letters:
        return
    st.markdown("**Доказательства отправки**")
    for letter in letters:
        st.button(
            f"Доказательство отправки {md(letter.reg_number)} · {md(letter.recipient)}",
            key=f"case_proof_{letter.id}",
            on_click=actions.ask_proof,
            args=(user, letter.id, "cases"),
        )


def _open(user: deps.CurrentUser) -> None:
    case_id = st.session_state.get("case_pick")
    st.session_state.pop(FILE, None)
    if case_id is None:
        st.session_state.pop(OPEN, None)
        return
    with deps.unit_of_work() as session:
        case, entries = case_timeline(session, case_id, actor=user.actor)
        if case is None:
            return
        header = {
            "number": case.case_number,
            "debtor": case.debtor.full_name,
            "birth": case.debtor.birth_date.strftime("%d.%m.%Y") if case.debtor.birth_date else "—",
            "inn": mask(case.debtor.inn),
            "snils": mask(case.debtor.snils),
            "client": case.client.name,
            "contract": case.contract_number or "—",
        }
    st.session_state[OPEN] = (header, entries)
    # the address bar now links to this case: F5 or a colleague's click opens it again
    st.query_params["case"] = header["number"]
    st.session_state[links.DONE_KEY] = ("case", header["number"])


def _open_link(user: deps.CurrentUser, number: str) -> None:
    """A link ``?case=К-…``: find the case as if typed and chosen, then open it (the view is logged)."""
    with deps.unit_of_work() as session:
        case_id = case_id_by_number(session, number)
    if case_id is None:
        st.warning(f"Кейс {md(number)} не найден.")
        return
    st.session_state["case_text"] = number
    st.session_state["case_pick"] = case_id
    _open(user)


def _show_file(user: deps.CurrentUser, attachment_id: int) -> None:
    with deps.unit_of_work() as session:
        name, mime, data = file_content(session, attachment_id, actor=user.actor, purpose="view")
    st.session_state[FILE] = (attachment_id, name, mime, data)


def main() -> None:
    user = deps.require("cases")
    st.title("Кейсы")
    linked = links.pending("case")
    if linked:
        _open_link(user, linked)
    needle = st.text_input(
        "Найти кейс", key="case_text", placeholder="Номер кейса, ФИО должника или номер ИП"
    )
    found: dict[int, str] = {}
    if len(needle.strip()) >= 2:
        with deps.unit_of_work() as session:
            found = {
                c.id: f"{c.case_number} · {c.debtor.full_name}" for c in search_cases(session, text=needle)
            }
    st.selectbox(
        "Кейс",
        list(found),
        index=None,
        format_func=found.__getitem__,
        key="case_pick",
        on_change=_open,
        args=(user,),
        placeholder="Выберите кейс",
    )
    opened = st.session_state.get(OPEN)
    if not opened:
        return
    flash = st.session_state.pop(actions.FLASH, None)
    if flash:
        show(*flash)
    background.panel(PROOF_LABELS)
    header, entries = opened
    case_id = st.session_state.get("case_pick")
    st.subheader(f"Кейс {md(header['number'])}")
    st.markdown(
        f"**Должник:** {md(header['debtor'])}, {md(header['birth'])} · ИНН {md(header['inn'])} · "
        f"СНИЛС {md(header['snils'])}  \n"
        f"**Клиент:** {md(header['client'])} · **Договор:** {md(header['contract'])}"
    )
    if case_id is not None:
        _guards(user, case_id)
        _proofs(user, case_id)
    if not entries:
        st.info("По кейсу ещё нет документов.")
    for index, entry in enumerate(entries):
        with st.container(border=True):
            st.markdown(
                f"**{when(entry.at)} · {DIRECTIONS[entry.direction]} {md(entry.reg_number)}** — "
                f"{md(entry.title)}  \n"
                f"{'От' if entry.direction == 'in' else 'Кому'}: {md(entry.counterpart)} · "
                f"{STATUS_NAMES.get(entry.status, entry.status)}"
            )
            for file in entry.files:
                st.button(
                    f"Показать {md(file.file_name)}",
                    key=f"case_file_{index}_{file.attachment_id}",
                    on_click=_show_file,
                    args=(user, file.attachment_id),
                )
    shown = st.session_state.get(FILE)
    if shown:
        attachment_id, name, mime, data = shown
        st.divider()
        st.markdown(f"**{md(name)}**")
        import hashlib

        show_file(hashlib.sha256(data).hexdigest(), mime, data, key=f"case_pdf_{attachment_id}")


main()
