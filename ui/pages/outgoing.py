"""Исходящие: the folders Новые / К сдаче / В пути / Архив (and drafts waiting for the sync).

A clerk creates a letter here: its address is cleaned by Russian Post at once (or refused with the
reason) and its tariff is asked right after saving, so the cost shows within seconds; the scheduled
sync creates the order. Supervisors can form today's batches now, beside the 14:00 schedule.
Deleting spells out what happens at Russian Post before the clerk confirms. In «К сдаче»
the cover documents of a letter or a whole batch are printed; «В пути» shows each letter's
latest status and its history.
"""

from __future__ import annotations

from datetime import datetime

import streamlit as st

from db.models import Outgoing
from db.reference import search_cases
from tasks.guards import guard_notices
from tasks.outgoing import Flag, Folder, folder_counts, letter_detail, list_folder
from tasks.outgoing.letters import MAIL_TYPES
from ui import background, deps, links
from ui import outgoing_actions as actions
from ui.common import counterparty_names, doc_types, page_offset, pager, table, when
from ui.labels import label
from ui.safe import md, show
from ui.uploader import files_uploader

PAGE_SIZE = 100  # letters a page; the folders page on the server (ui.common.pager)
FOLDERS = [Folder.DRAFTS, Folder.NEW, Folder.TO_HAND_OVER, Folder.IN_TRANSIT, Folder.ARCHIVE]
CATEGORIES = {"ORDERED": "Заказное", "WITH_DECLARED_VALUE": "С объявленной ценностью"}
CATEGORY_NAMES = CATEGORIES | {"SIMPLE": "Простое"}
MAIL_TYPE_NAMES = {"LETTER": "Письмо", "BANDEROL": "Бандероль"}
ENVELOPE_NAMES = {"DL": "DL (220×110 мм)", "C5": "C5 (229×162 мм)"}
STATE_NAMES = {
    "draft": "Черновик",
    "created": "Создано",
    "ready": "К сдаче",
    "in_transit": "В пути",
    "delivered": "Доставлено",
    "deleted": "Удалено",
}


E_NOTICE_STATES = {"received": "получено", "refused": "получатель отказался от электронного уведомления"}


def _rubles(kopecks: int | None) -> str:
    return "—" if kopecks is None else f"{kopecks / 100:.2f} ₽".replace(".", ",")


def _notice_line(
    electronic: bool, paper: bool, cost: int | None, outcome: str | None, at: datetime | None
) -> str:
    """The letter's notice of delivery in words: which, its cost and, for the ЭУВ, what came of it."""
    if not (electronic or paper):
        return "без уведомления"
    price = f", {_rubles(cost)}" if cost is not None else ""
    if paper:
        return f"заказное (бумажное){price}"
    result = E_NOTICE_STATES.get(outcome or "", "ещё не поступило")
    return f"электронное (ЭУВ){price} — {result}" + (f" {when(at)}" if outcome and at else "")


def letter_facts(letter: Outgoing) -> list[tuple[str, str]]:
    """Everything the letter carries besides its recipient, as the card lists it (label, value)."""
    valuable = letter.mail_category == "WITH_DECLARED_VALUE"
    case = letter.case
    files = ", ".join(f"{a.file_name} ({a.page_count or 1} стр.)" for a in letter.attachments) or "нет"
    return [
        ("Пункт сдачи", letter.shipping_point_index),
        (
            "Вид и категория",
            f"{label(MAIL_TYPE_NAMES, letter.mail_type)}, "
            f"{label(CATEGORY_NAMES, letter.mail_category).lower()}",
        ),
        ("Объявленная ценность", _rubles(letter.declared_value_kopecks) if valuable else "—"),
        ("Вес", f"{letter.weight_grams} г"),
        ("Конверт", label(ENVELOPE_NAMES, letter.envelope_type)),
        ("Опись вложения (ф.107)", "да" if letter.with_inventory else "нет"),
        ("Телефон", letter.phone or "—"),
        ("Описание вложения", letter.description or "—"),
        ("Тип документа", letter.document_type.name if letter.document_type else "—"),
        ("Кейс", f"{case.case_number} · {case.debtor.full_name}" if case is not None else "—"),
        ("Вложения", files),
    ]


def _guards_of(cases: dict[int, tuple[str, int]]) -> None:
    """Active guards on the found cases' debtors, before the clerk writes; a representative's
    address recorded on the guard can become the recipient with one click."""
    if not cases:
        return
    with deps.unit_of_work() as session:
        guards = guard_notices(session, list(cases))
    for case_id, notices in guards.items():
        for notice in notices:
            st.warning(
                f"**Ограничение по кейсу {md(cases[case_id][0])}.** {md(notice.text)}",
                icon=":material/block:",
            )
            if notice.representative:
                st.button(
                    "Написать представителю",
                    key=f"out_to_rep_{case_id}_{notice.guard_id}",
                    on_click=actions.to_representative,
                    args=(case_id, notice.representative_name, notice.representative_address),
                )


def _new_letter_form(user: deps.CurrentUser) -> None:
    generation = st.session_state.get("out_form_generation", 0)
    for key, value in FORM_DEFAULTS.items():  # the fields' initial values live in the session only
        st.session_state.setdefault(key, value)
    with st.expander("Новое письмо", expanded=False):
        names = counterparty_names(deps.settings().resolved_database_url)
        needle = st.text_input(
            "Кейс (для письма должнику)",
            key=f"out_case_text_{generation}",
            placeholder="Номер кейса, ФИО, номер ИП",
        )
        cases = {}
        if len(needle.strip()) >= 2:
            with deps.unit_of_work() as session:
                cases = {
                    c.id: (f"{c.case_number} · {c.debtor.full_name}", c.debtor_id)
                    for c in search_cases(session, text=needle)
                }
        _guards_of(cases)
        types = doc_types("outgoing")
        points = actions.shipping_points()
        if st.session_state.get("out_point") not in points:
            st.session_state["out_point"] = next(iter(points))
        with st.form(f"out_form_{generation}"):
            st.selectbox(
                "Пункт сдачи (отделение)", list(points), format_func=points.__getitem__, key="out_point"
            )
            st.selectbox(
                "Получатель — контрагент",
                list(names),
                index=None,
                format_func=names.__getitem__,
                filter_mode="contains",
                placeholder="Начните вводить…",
                key="out_recipient",
            )
            st.selectbox("Кейс", list(cases), index=None, format_func=lambda c: cases[c][0], key="out_case")
            st.checkbox("Письмо должнику по кейсу (адрес из кейса)", key="out_to_debtor")
            st.text_input("Или получатель вручную: ФИО / название", key="out_name")
            st.text_input("Адрес с индексом", key="out_address")
            st.text_input("Телефон", key="out_phone")
            st.text_area("Описание вложения", key="out_description", height=68)
            st.selectbox(
                "Тип документа",
                list(types),
                index=None,
                format_func=types.__getitem__,
                key="out_type",
                placeholder="Не указан",
            )
            kind, category = st.columns(2)
            kind.selectbox(
                "Вид отправления",
                list(MAIL_TYPES),
                format_func=MAIL_TYPE_NAMES.__getitem__,
                key="out_mail_type",
            )
            category.selectbox(
                "Категория", list(CATEGORIES), format_func=CATEGORIES.__getitem__, key="out_category"
            )
            st.number_input(
                "Объявленная ценность, ₽ (только для письма с объявленной ценностью)",
                min_value=0.0,
                step=1.0,
                format="%.2f",
                key="out_value",
            )
            st.checkbox("С уведомлением о вручении", key="out_notice")
            st.checkbox("Электронное уведомление (ЭУВ) вместо бумажного", key="out_e_notice")
            st.checkbox("С описью вложения (ф.107)", key="out_inventory")
            st.selectbox("Конверт", ["DL", "C5"], format_func=ENVELOPE_NAMES.__getitem__, key="out_envelope")
            st.number_input("Вес, г (пусто — рассчитать)", min_value=0, max_value=100, key="out_weight")
            files_uploader("Вложения (PDF/JPEG, до 5 файлов, до 1 МБ каждый)", key=f"out_files_{generation}")
            st.form_submit_button(
                "Создать письмо",
                type="primary",
                key="out_create",
                on_click=_submit,
                args=(user, {case: debtor for case, (_label, debtor) in cases.items()}),
            )


FORM_DEFAULTS: dict[str, object] = {
    "out_recipient": None,
    "out_case": None,
    "out_to_debtor": False,
    "out_name": "",
    "out_address": "",
    "out_phone": "",
    "out_description": "",
    "out_type": None,
    "out_mail_type": "LETTER",
    "out_category": next(iter(CATEGORIES)),
    "out_value": 1.0,
    "out_notice": True,
    "out_e_notice": False,
    "out_inventory": False,
    "out_envelope": "DL",
    "out_weight": 0,
}
# The new-letter form's fields and their empty values: set (not deleted) after a letter is
# created, because only setting clears what the browser shows, so the next letter starts clean.
# (A bare string here would be drawn on the page: Streamlit's "magic" renders page-level literals.)


def _submit(user: deps.CurrentUser, debtors_of_cases: dict[int, int]) -> None:
    """Form callback: create the letter from the fields; on success empty the form."""
    state = st.session_state
    generation = state.get("out_form_generation", 0)
    case_id = state.get("out_case")
    fields = {
        "counterparty_id": state.get("out_recipient"),
        "debtor_id": debtors_of_cases.get(case_id)
        if case_id is not None and state.get("out_to_debtor")
        else None,
        "case_id": case_id,
        "recipient_name": str(state.get("out_name", "")).strip(),
        "recipient_address": str(state.get("out_address", "")).strip(),
        "phone": str(state.get("out_phone", "")).strip() or None,
        "description": str(state.get("out_description", "")).strip() or None,
        "document_type_id": state.get("out_type"),
        "shipping_point_index": state.get("out_point"),
        "mail_type": state.get("out_mail_type") or "LETTER",
        "mail_category": state.get("out_category"),
        "declared_value_kopecks": round(float(state.get("out_value") or 0) * 100)
        if state.get("out_category") == "WITH_DECLARED_VALUE"
        else None,
        "with_notice": bool(state.get("out_notice", True)),
        "with_electronic_notice": bool(state.get("out_e_notice", False)),
        "with_inventory": bool(state.get("out_inventory", False)),
        "envelope": state.get("out_envelope", "DL"),
        "weight_grams": int(state.get("out_weight") or 0) or None,
    }
    files = state.get(f"out_files_{generation}") or []
    if actions.create(user, fields, [(f.name, f.getvalue()) for f in files]):
        for key, value in FORM_DEFAULTS.items():
            state[key] = value


def _ask_delete(letter_id: int | None) -> None:
    st.session_state["out_confirm_delete"] = letter_id


def _delete_confirmation(user: deps.CurrentUser, letter_id: int, number: str, consequence: str) -> None:
    """The second step of deleting: what happens at Russian Post, then yes or no."""
    st.warning(f"Удалить письмо {md(number)}? {md(consequence)}", icon=":material/warning:")
    yes, no = st.columns(2)
    yes.button(
        "Да, удалить", type="primary", key="out_delete_yes", on_click=actions.delete, args=(user, letter_id)
    )
    no.button("Отмена", key="out_delete_no", on_click=_ask_delete, args=(None,))


def _letter(user: deps.CurrentUser, letter_id: int, folder: Folder) -> None:
    with deps.unit_of_work() as session:
        letter, events = letter_detail(session, letter_id)
        if letter is None:
            return
        consequence = actions.consequence(letter)
        transitions = [(t.at, t.from_state, t.to_state, t.actor, t.note) for t in letter.transitions]
        number, cost, state, batch = letter.reg_number, letter.cost_kopecks, letter.state, letter.batch_name
        deleting = Flag.DELETE_REQUESTED.value in (letter.flags or {})
        recipient = f"{letter.recipient_name}, {letter.recipient_address}"
        notice = _notice_line(
            letter.with_electronic_notice,
            letter.with_notice,
            letter.notice_cost_kopecks,
            letter.e_notice_status,
            letter.e_notice_at,
        )
        provable = letter.checked_in_at is not None and letter.barcode is not None
        facts = letter_facts(letter)
        problem = letter.last_error
    st.subheader(md(number))
    st.markdown(
        f"**Кому:** {md(recipient)}  \n**Стоимость:** {_rubles(cost)} · "
        f"**Состояние:** {STATE_NAMES.get(state, state)}"
        + (f" · **Партия:** {md(batch)}" if batch else "")
        + f"  \n**Уведомление о вручении:** {md(notice)}"
    )
    st.markdown("  \n".join(f"**{label}:** {md(value)}" for label, value in facts))
    if problem:
        st.error(md(problem))
    cols = st.columns(3)
    if deleting:
        cols[0].caption("Удаление запрошено: заказ удаляется в «Отправке».")
    else:
        cols[0].button("Удалить", key="out_delete", on_click=_ask_delete, args=(letter_id,))
    if st.session_state.get("out_confirm_delete") == letter_id:
        _delete_confirmation(user, letter_id, number, consequence)
    if folder == Folder.TO_HAND_OVER:
        cols[1].button(
            "Печать документов письма",
            key="out_print_letter",
            on_click=actions.prepare_letter_prints,
            args=(user, letter_id),
        )
        if batch:
            cols[2].button(
                "Печать всей партии",
                key="out_print_batch",
                on_click=actions.prepare_batch_prints,
                args=(user, batch),
            )
    if provable:
        st.button(
            "Доказательство отправки",
            key="out_proof",
            on_click=actions.ask_proof,
            args=(user, letter_id),
            help="Один PDF для суда: сопроводительное письмо, опись, строка ф.103, история отслеживания.",
        )
    prints = st.session_state.get(actions.PRINTS) or {}
    deps.pdf_downloads(prints, entity="outgoing", entity_id=letter_id, key="out_dl")
    st.markdown("**История**")
    st.dataframe(
        [
            {
                "Когда": when(at),
                "Из": STATE_NAMES.get(a or "", "—"),
                "В": STATE_NAMES.get(b, b),
                "Кто": who,
                "Примечание": note or "",
            }
            for at, a, b, who, note in transitions
        ]
        + [
            {
                "Когда": when(e.happened_at),
                "Из": "",
                "В": e.oper_name or e.status,
                "Кто": "Почта России",
                "Примечание": e.place_name or "",
            }
            for e in events
        ],
        hide_index=True,
        width="stretch",
    )


def main() -> None:
    user = deps.require("outgoing")
    st.title("Исходящие")
    flash = st.session_state.pop(actions.FLASH, None)
    if flash:
        show(*flash)
    background.panel(actions.REQUEST_LABELS)
    schedule, batch_now = st.columns([3, 1], vertical_alignment="center")
    schedule.caption("Партии формируются и сдаются в «Отправку» по расписанию: ежедневно в 14:00.")
    if deps.may(user, action="form_batches"):
        batch_now.button(
            "Сформировать партию сейчас",
            key="out_batch_now",
            on_click=actions.form_batches_now,
            args=(user,),
            help="То же, что плановая отправка в 14:00: созданные письма собираются в партии и сдаются.",
        )
    _new_letter_form(user)
    links.open_letter_link(page_size=PAGE_SIZE)  # ?letter=ИСХ-… opens that letter
    with deps.unit_of_work() as session:
        counts = folder_counts(session)
    folder = (
        st.segmented_control(
            "Папка",
            FOLDERS,
            format_func=lambda f: f"{f.value} ({counts[f]})",
            default=Folder.NEW,
            key="out_folder",
        )
        or Folder.NEW
    )
    with deps.unit_of_work() as session:
        offset = page_offset(counts[folder], page_size=PAGE_SIZE, key="out_page")
        rows = list_folder(session, folder, limit=PAGE_SIZE, offset=offset)
    table(
        [
            {
                "Номер": r.reg_number,
                "Получатель": r.recipient,
                "Стоимость": _rubles(r.cost_kopecks),
                "ШПИ": r.barcode or "—",
                "Партия": r.batch_name or "—",
                "Статус": r.status or "—",
                "Отметки": "; ".join(r.flags) or (r.problem or ""),
            }
            for r in rows
        ],
        empty="В этой папке писем нет.",
        widths={"Номер": 130, "Получатель": 260, "Стоимость": 95, "ШПИ": 140, "Партия": 90, "Статус": 150},
    )
    pager(counts[folder], page_size=PAGE_SIZE, key="out_page")
    labels = {r.id: f"{r.reg_number} · {r.recipient}" for r in rows}
    chosen = st.selectbox(
        "Открыть письмо",
        list(labels),
        index=None,
        format_func=labels.__getitem__,
        key="out_letter",
        placeholder="Выберите письмо",
    )
    if chosen is not None:
        _letter(user, chosen, folder)


main()
