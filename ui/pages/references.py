"""Справочники: counterparties and document types, edited in place; CSV import as in the CLI.

Every clerk keeps counterparties current (a new court appears in the post); document types and
CSV imports change what the pipeline matches, so they are for supervisors and admins, and the
save and import callbacks check that again.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from db.reference import list_counterparties, list_document_types
from tasks.imports import CsvFileError, import_cases, import_counterparties
from tasks.learning import accept_alias, alias_proposals
from tasks.reference import (
    COUNTERPARTY_FIELDS,
    DOCUMENT_TYPE_FIELDS,
    save_counterparties,
    save_document_types,
)
from ui import deps, reference_rename
from ui.common import forget_reference_lists
from ui.labels import BELONGS, DIRECTIONS, KINDS
from ui.safe import md, show

FLASH = "ref_flash"
# Grid columns that show a Russian label for a stored code; saving turns the label back.
CODED = {"kind": KINDS, "belongs_to": BELONGS, "direction": DIRECTIONS}
# The counterparty columns that fit a 1366 px screen beside the menu.
COUNTERPARTY_SHORT = ("name", "kind", "address", "inn", "aliases", "active")


def _as_codes(row: dict[str, Any]) -> dict[str, Any]:
    """A grid row with the labels of coded columns turned back into codes."""
    decoded = dict(row)
    for column, names in CODED.items():
        if column in decoded:
            back = {text: code for code, text in names.items()}
            decoded[column] = back.get(decoded[column], decoded[column])
    return decoded


def _save(user: deps.CurrentUser, editor_key: str, ids_key: str, kind: str) -> None:
    """Save callback: apply the editor's delta (edited rows by position → ids) in one transaction."""
    if kind == "document_type" and not deps.allowed_here(user, "references", action="edit_document_types"):
        st.session_state[FLASH] = ("error", "Нет прав на изменение типов документов.")
        return
    delta: dict[str, Any] = st.session_state.get(editor_key) or {}
    ids: list[int] = st.session_state.get(ids_key) or []
    edited = {
        ids[int(pos)]: _as_codes(changes)
        for pos, changes in (delta.get("edited_rows") or {}).items()
        if int(pos) < len(ids)
    }
    added = [_as_codes(row) for row in delta.get("added_rows") or []]
    save = save_document_types if kind == "document_type" else save_counterparties
    with deps.unit_of_work() as session:
        problems = save(session, edited=edited, added=added, actor=user.actor)
    forget_reference_lists()
    st.session_state[FLASH] = ("warning", "\n\n".join(problems)) if problems else ("success", "Сохранено.")
    st.session_state[f"{editor_key}_generation"] = st.session_state.get(f"{editor_key}_generation", 0) + 1


def _import(user: deps.CurrentUser) -> None:
    if not deps.allowed_here(user, "references", action="import_csv"):
        st.session_state[FLASH] = ("error", "Нет прав на импорт.")
        return
    upload = st.session_state.get("ref_csv")
    if upload is None:
        st.session_state[FLASH] = ("error", "Выберите CSV-файл.")
        return
    importer = import_cases if st.session_state.get("ref_csv_kind") == "cases" else import_counterparties
    try:
        with deps.unit_of_work() as session:
            report = importer(session, upload.getvalue(), actor=user.actor)
    except CsvFileError as exc:
        st.session_state[FLASH] = ("error", f"Файл не импортирован: {exc.message}")
        return
    forget_reference_lists()
    errors = "\n".join(f"- строка {e.line}: {e.message}" for e in report.errors[:50])
    st.session_state[FLASH] = (
        "warning" if report.errors else "success",
        report.summary() + ("\n\n" + errors if errors else ""),
    )


def _frame(rows: list[dict[str, Any]], columns: tuple[str, ...]) -> pd.DataFrame:
    """The editor's table: object columns (an added row may hold None in any of them), codes shown
    by their Russian labels, and empty text as empty cells rather than «None»."""
    shown = [
        {k: CODED[k].get(v, v) if k in CODED else ("" if v is None else v) for k, v in row.items()}
        for row in rows
    ]
    return pd.DataFrame(shown, columns=list(columns)).astype(object)


def _counterparties(user: deps.CurrentUser) -> None:
    with deps.unit_of_work() as session:
        rows = list_counterparties(session, active_only=False)
    st.session_state["ref_cp_ids"] = [row.id for row in rows]
    data = [
        {
            "name": r.name,
            "kind": r.kind,
            "address": r.address,
            "postal_index": r.postal_index,
            "inn": r.inn,
            "ogrn": r.ogrn,
            "aliases": "; ".join(r.aliases or []),
            "phone": r.phone,
            "email": r.email,
            "active": r.active,
        }
        for r in rows
    ]
    every_field = st.toggle("Все поля (индекс, ОГРН, телефон, e-mail)", key="ref_cp_every_field")
    key = f"ref_cp_editor_{st.session_state.get('ref_cp_editor_generation', 0)}"
    st.data_editor(
        _frame(data, COUNTERPARTY_FIELDS),
        key=key,
        num_rows="add",
        hide_index=True,
        width="stretch",
        # Ten columns do not fit a 1366 px laptop: the grid shows those a clerk checks daily and
        # the toggle brings the rest (hidden columns keep their values: only edits are saved).
        column_order=COUNTERPARTY_FIELDS if every_field else COUNTERPARTY_SHORT,
        column_config={
            "name": st.column_config.TextColumn("Название", required=True, width=235),
            "kind": st.column_config.SelectboxColumn(
                "Вид", options=list(KINDS.values()), default=KINDS["other"], width=75
            ),
            "address": st.column_config.TextColumn("Адрес", width=205),
            "postal_index": st.column_config.TextColumn("Индекс", width=70),
            "inn": st.column_config.TextColumn("ИНН", validate=r"^(\d{10}|\d{12})$", width=100),
            "ogrn": st.column_config.TextColumn("ОГРН", width=120),
            "aliases": st.column_config.TextColumn(
                "Написания", help="Другие написания названия, через точку с запятой", width=150
            ),
            "phone": st.column_config.TextColumn("Телефон", width=110),
            "email": st.column_config.TextColumn("E-mail", width=140),
            "active": st.column_config.CheckboxColumn("Действует", default=True, width=90),
        },
    )
    st.button(
        "Сохранить контрагентов",
        key="ref_cp_save",
        on_click=_save,
        args=(user, key, "ref_cp_ids", "counterparty"),
    )
    reference_rename.retire_note()
    reference_rename.section(user, "counterparty", {r.id: r.name for r in rows})


def _document_types(user: deps.CurrentUser) -> None:
    with deps.unit_of_work() as session:
        rows = list_document_types(session, active_only=False)
    st.session_state["ref_dt_ids"] = [row.id for row in rows]
    data = [
        {
            "name": r.name,
            "belongs_to": r.belongs_to,
            "direction": r.direction,
            "match_rules": r.match_rules,
            "active": r.active,
        }
        for r in rows
    ]
    editable = deps.may(user, action="edit_document_types")
    key = f"ref_dt_editor_{st.session_state.get('ref_dt_editor_generation', 0)}"
    st.data_editor(
        _frame(data, DOCUMENT_TYPE_FIELDS),
        key=key,
        num_rows="add" if editable else "fixed",
        hide_index=True,
        width="stretch",
        disabled=not editable,
        column_config={
            "name": st.column_config.TextColumn("Название", required=True),
            "belongs_to": st.column_config.SelectboxColumn(
                "Относится", options=list(BELONGS.values()), default=BELONGS["case"]
            ),
            "direction": st.column_config.SelectboxColumn(
                "Направление", options=list(DIRECTIONS.values()), default=DIRECTIONS["incoming"]
            ),
            "match_rules": "Правила распознавания (по строке)",
            "active": st.column_config.CheckboxColumn("Действует", default=True),
        },
    )
    if editable:
        st.button(
            "Сохранить типы",
            key="ref_dt_save",
            on_click=_save,
            args=(user, key, "ref_dt_ids", "document_type"),
        )
        reference_rename.retire_note()
        reference_rename.section(
            user, "document_type", {r.id: r.name for r in rows}, page_action="edit_document_types"
        )


def _accept(user: deps.CurrentUser, counterparty_id: int, letterhead: str) -> None:
    if not deps.allowed_here(user, "references", action="accept_aliases"):
        st.session_state[FLASH] = ("error", "Нет прав на изменение справочника по исправлениям.")
        return
    with deps.unit_of_work() as session:
        counterparty = accept_alias(session, counterparty_id, letterhead, actor=user.actor)
        name = counterparty.name
    forget_reference_lists()
    st.session_state[FLASH] = ("success", f"«{letterhead}» теперь узнаётся как {name}.")


def _proposals(user: deps.CurrentUser) -> None:
    """Letterheads clerks keep correcting to one counterparty: one click makes them an alias."""
    with deps.unit_of_work() as session:
        proposals = alias_proposals(session)
    if not proposals:
        return
    with st.expander(f"Предложения из разбора ({len(proposals)})", icon=":material/lightbulb:"):
        st.caption(
            "Эти шапки документов сотрудники несколько раз исправляли на одного контрагента. "
            "Добавленная строка станет его псевдонимом, и такие письма будут узнаваться сами."
        )
        for number, proposal in enumerate(proposals[:20]):
            text, button = st.columns([4, 1])
            text.markdown(
                f"«{md(proposal.letterhead)}» → **{md(proposal.counterparty_name)}** "
                f"(исправлений: {proposal.corrections})"
            )
            button.button(
                "Добавить",
                key=f"ref_alias_{number}",
                on_click=_accept,
                args=(user, proposal.counterparty_id, proposal.letterhead),
            )


def main() -> None:
    user = deps.require("references")
    st.title("Справочники")
    flash = st.session_state.pop(FLASH, None)
    if flash:
        show(*flash)
    if deps.may(user, action="accept_aliases"):
        _proposals(user)
    tabs = ["Контрагенты", "Типы документов"] + (
        ["Импорт CSV"] if deps.may(user, action="import_csv") else []
    )
    shown = st.tabs(tabs)
    with shown[0]:
        _counterparties(user)
    with shown[1]:
        _document_types(user)
    if len(shown) > 2:
        with shown[2]:
            st.radio(
                "Что импортировать",
                ["counterparties", "cases"],
                key="ref_csv_kind",
                horizontal=True,
                format_func={
                    "counterparties": "Контрагенты",
                    "cases": "Кейсы (клиенты, должники)",
                }.__getitem__,
            )
            st.file_uploader("CSV-файл", type=["csv"], key="ref_csv", max_upload_size=50)
            st.button("Импортировать", key="ref_import", type="primary", on_click=_import, args=(user,))


main()
