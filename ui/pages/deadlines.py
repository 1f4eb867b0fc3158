"""Сроки: legal deadlines that mail started, per bucket, case and role; contact guards; the rules.

Clerks mark a deadline done with a comment or pass it on; supervisors also lift guards and edit
the rules (each edit recomputes the rule's open deadlines). Export: CSV for Excel and .ics.
"""

from __future__ import annotations

from datetime import date

import streamlit as st

from db.models import utcnow
from tasks.deadlines.rules import ANCHOR_TEXT, UNIT_TEXT, Anchor, Unit
from tasks.deadlines.store import (
    CANCELLED,
    DONE,
    OPEN,
    list_rules,
    local_date,
    mark_done,
    reassign,
    save_rule,
)
from tasks.deadlines.views import (
    BUCKET_TEXT,
    ROLE_TEXT,
    STATUS_TEXT,
    Bucket,
    DeadlineRow,
    list_deadlines,
    to_csv,
    to_ics,
)
from tasks.guards import KIND_TEXT, GuardError, GuardKind, lift_guard, list_guards
from ui import deps
from ui.safe import md

PAGE = "deadlines"
ROLES = ("clerk", "supervisor")
# The grid's columns and their widths in pixels, together no wider than a 1366 px screen beside the menu.
GRID_WIDTHS = {
    "Срок": 80,
    "Не ранее": 80,
    "Кейс": 105,
    "Входящий": 115,
    "Документ": 170,
    "Действие": 170,
    "Исполнитель": 100,
    "Статус": 75,
}


def _day(value: date | None) -> str:
    return value.strftime("%d.%m.%Y") if value else "—"


def _table(rows: list[DeadlineRow]) -> None:
    st.dataframe(
        [
            {
                "Срок": _day(r.due_date),
                "Не ранее": _day(r.earliest_date),
                "Кейс": r.case_number or "—",
                "Входящий": r.incoming_number,
                "Документ": r.document_type,
                "Действие": r.action,
                "Роль": ROLE_TEXT.get(r.role, r.role),
                "Исполнитель": r.assignee or "",
                "Отметка": r.note or "",
                "Статус": STATUS_TEXT.get(r.status, r.status),
                "Основание": r.basis,
            }
            for r in rows
        ],
        hide_index=True,
        width="stretch",
        # Eleven columns do not fit a 1366 px laptop: the role is the filter above, the basis and
        # the note are in the CSV export; the grid keeps what a clerk acts on.
        column_order=tuple(GRID_WIDTHS),
        column_config={name: st.column_config.TextColumn(width=width) for name, width in GRID_WIDTHS.items()},
    )


def _done(user: deps.CurrentUser, deadline_id: int) -> None:
    if not deps.allowed_here(user, PAGE):
        return
    comment = str(st.session_state.get("dl_comment", ""))
    with deps.unit_of_work() as session:
        mark_done(session, deadline_id, comment=comment, actor=user.actor)
    st.session_state["dl_comment"] = ""
    st.session_state["dl_flash"] = "Срок отмечен выполненным."


def _reassign(user: deps.CurrentUser, deadline_id: int) -> None:
    if not deps.allowed_here(user, PAGE):
        return
    role = str(st.session_state.get("dl_role_to") or "clerk")
    assignee = str(st.session_state.get("dl_assignee", ""))
    with deps.unit_of_work() as session:
        reassign(session, deadline_id, role=role, assignee=assignee, actor=user.actor)
    st.session_state["dl_flash"] = "Срок передан."


def _act_on(user: deps.CurrentUser, rows: list[DeadlineRow]) -> None:
    open_rows = {r.id: r for r in rows if r.status == OPEN}
    if not open_rows:
        return
    with st.expander("Отметить выполненным или передать"):
        chosen = st.selectbox(
            "Срок",
            list(open_rows),
            format_func=lambda i: (
                f"{_day(open_rows[i].due_date)} · {open_rows[i].case_number or '—'} · {open_rows[i].action}"
            ),
            key="dl_pick",
        )
        if chosen is None:
            return
        st.text_input("Комментарий", key="dl_comment", placeholder="Иск подан 10.11.2026, ИСХ-…")
        st.button("Выполнено", key="dl_done", on_click=_done, args=(user, chosen), type="primary")
        cols = st.columns(2)
        cols[0].selectbox("Роль", ROLES, format_func=lambda r: ROLE_TEXT[r], key="dl_role_to")
        cols[1].text_input("Исполнитель (логин)", key="dl_assignee")
        st.button("Передать", key="dl_reassign", on_click=_reassign, args=(user, chosen))


def _exports(rows: list[DeadlineRow], today: date) -> None:
    cols = st.columns(2)
    cols[0].download_button(
        "Скачать CSV",
        data=to_csv(rows),
        file_name=f"sroki-{today:%Y%m%d}.csv",
        mime="text/csv",
        key="dl_csv",
        on_click=deps.log_download,
        args=("deadline", None, "sroki.csv"),
        icon=":material/download:",
    )
    cols[1].download_button(
        "Скачать календарь (.ics)",
        data=to_ics(rows, stamp=utcnow().strftime("%Y%m%dT%H%M%SZ")),
        file_name=f"sroki-{today:%Y%m%d}.ics",
        mime="text/calendar",
        key="dl_ics",
        on_click=deps.log_download,
        args=("deadline", None, "sroki.ics"),
        icon=":material/event:",
    )


def _lift(user: deps.CurrentUser, guard_id: int) -> None:
    if not deps.allowed_here(user, PAGE, action="lift_guards"):
        st.session_state["dl_flash_error"] = "Снять ограничение может только старший сотрудник."
        return
    reason = str(st.session_state.get(f"dl_lift_reason_{guard_id}", ""))
    try:
        with deps.unit_of_work() as session:
            lift_guard(session, guard_id, reason=reason, actor=user.actor)
    except GuardError as exc:
        st.session_state["dl_flash_error"] = exc.message
        return
    st.session_state["dl_flash"] = "Ограничение снято."


def _guards(user: deps.CurrentUser) -> None:
    with deps.unit_of_work() as session:
        guards = [
            (
                g.id,
                g.case.case_number if g.case else "—",
                g.debtor.full_name,
                g.kind,
                g.source_number,
                g.since,
            )
            for g in list_guards(session)
        ]
    if not guards:
        st.info("Действующих ограничений нет.")
        return
    for guard_id, case_number, debtor, kind, source, since in guards:
        with st.container(border=True):
            st.markdown(
                f"**{md(debtor)}** · кейс {md(case_number)} · {md(KIND_TEXT[GuardKind(kind)])}  \n"
                f"с {_day(since)}, основание: {md(source or 'отметка вручную')}"
            )
            if deps.may(user, action="lift_guards"):
                st.text_input("Причина снятия", key=f"dl_lift_reason_{guard_id}")
                st.button(
                    "Снять ограничение", key=f"dl_lift_{guard_id}", on_click=_lift, args=(user, guard_id)
                )


def _save_rule(user: deps.CurrentUser, rule_id: int) -> None:
    if not deps.allowed_here(user, PAGE, action="edit_deadline_rules"):
        st.session_state["dl_flash_error"] = "Правила сроков меняет только старший сотрудник."
        return
    s = st.session_state
    changes = {
        "action": str(s.get("dl_rule_action", "")).strip(),
        "anchor": s.get("dl_rule_anchor"),
        "earliest_amount": int(s["dl_rule_earliest"]) if s.get("dl_rule_earliest") else None,
        "earliest_unit": s.get("dl_rule_earliest_unit") if s.get("dl_rule_earliest") else None,
        "latest_amount": int(s["dl_rule_latest"]) if s.get("dl_rule_latest") else None,
        "latest_unit": s.get("dl_rule_latest_unit") if s.get("dl_rule_latest") else None,
        "basis": str(s.get("dl_rule_basis", "")).strip(),
        "active": bool(s.get("dl_rule_active")),
    }
    with deps.unit_of_work() as session:
        save_rule(session, rule_id, changes, actor=user.actor)
    st.session_state["dl_flash"] = "Правило сохранено, сроки пересчитаны."


def _rules(user: deps.CurrentUser) -> None:
    with deps.unit_of_work() as session:
        rules = {r.id: r for r in list_rules(session)}
        session.expunge_all()
    st.dataframe(
        [
            {
                "Документ": r.document_type,
                "Действие": r.action,
                "Отсчёт": ANCHOR_TEXT[Anchor(r.anchor)],
                "Не ранее": f"{r.earliest_amount} {UNIT_TEXT[Unit(r.earliest_unit)]}"
                if r.earliest_unit
                else "",
                "Не позднее": f"{r.latest_amount} {UNIT_TEXT[Unit(r.latest_unit)]}" if r.latest_unit else "",
                "Роль": ROLE_TEXT.get(r.role, r.role),
                "Включено": r.active,
                "Основание": r.basis,
            }
            for r in rules.values()
        ],
        hide_index=True,
        width="stretch",
    )
    if not deps.may(user, action="edit_deadline_rules") or not rules:
        return
    with st.expander("Изменить правило"):
        rule_id = st.selectbox(
            "Правило",
            list(rules),
            format_func=lambda i: f"{rules[i].document_type}: {rules[i].action}",
            key="dl_rule",
        )
        rule = rules[rule_id]
        units = [u.value for u in Unit]
        st.text_input("Действие", value=rule.action, key="dl_rule_action")
        st.selectbox(
            "Отсчёт", [a.value for a in Anchor], index=[a.value for a in Anchor].index(rule.anchor),
            format_func=lambda a: ANCHOR_TEXT[Anchor(a)], key="dl_rule_anchor",
        )  # fmt: skip
        cols = st.columns(4)
        cols[0].number_input(
            "Не ранее, через", min_value=0, value=rule.earliest_amount or 0, key="dl_rule_earliest"
        )
        cols[1].selectbox(
            "ед.", units, index=units.index(rule.earliest_unit or "months"),
            format_func=lambda u: UNIT_TEXT[Unit(u)], key="dl_rule_earliest_unit",
        )  # fmt: skip
        cols[2].number_input(
            "Не позднее, через", min_value=0, value=rule.latest_amount or 0, key="dl_rule_latest"
        )
        cols[3].selectbox(
            "ед.", units, index=units.index(rule.latest_unit or "days"),
            format_func=lambda u: UNIT_TEXT[Unit(u)], key="dl_rule_latest_unit",
        )  # fmt: skip
        st.text_area("Основание", value=rule.basis, key="dl_rule_basis")
        st.checkbox("Включено", value=rule.active, key="dl_rule_active")
        st.button(
            "Сохранить правило", key="dl_rule_save", on_click=_save_rule, args=(user, rule_id), type="primary"
        )


def main() -> None:
    user = deps.require(PAGE)
    st.title("Сроки")
    for key, show in (("dl_flash", st.success), ("dl_flash_error", st.error)):
        if st.session_state.get(key):
            show(md(st.session_state.pop(key)))
    today = local_date(utcnow())
    cols = st.columns(3)
    role = cols[0].selectbox(
        "Роль", ROLES, index=None, format_func=lambda r: ROLE_TEXT[r], key="dl_role", placeholder="Все роли"
    )
    case_number = cols[1].text_input("Кейс", key="dl_case", placeholder="Номер кейса").strip()
    closed = cols[2].checkbox("Показать выполненные", key="dl_closed")
    with deps.unit_of_work() as session:
        rows = list_deadlines(
            session, today=today, statuses=(OPEN, DONE, CANCELLED) if closed else (OPEN,), role=role
        )
    if case_number:
        rows = [r for r in rows if (r.case_number or "").lower() == case_number.lower()]
    metrics = st.columns(4)
    for column, bucket in zip(
        metrics, (Bucket.OVERDUE, Bucket.TODAY, Bucket.WEEK, Bucket.LATER), strict=True
    ):
        column.metric(BUCKET_TEXT[bucket], sum(1 for r in rows if r.bucket is bucket))
    tabs = st.tabs([*(BUCKET_TEXT[b] for b in Bucket), "Ограничения", "Правила"])
    for tab, bucket in zip(tabs, Bucket, strict=False):
        with tab:
            chosen = [r for r in rows if r.bucket is bucket]
            if chosen:
                _table(chosen)
            else:
                st.caption("Нет сроков.")
    _act_on(user, rows)
    _exports(rows, today)
    with tabs[len(Bucket)]:
        _guards(user)
    with tabs[len(Bucket) + 1]:
        _rules(user)


main()
