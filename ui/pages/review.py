"""Разбор: the items the pipeline was unsure of, one at a time, the scan beside the suggestions.

The clerk confirms the item as filed, or corrects sender, types and cases (type-ahead over cases
by number, debtor or ИП number), splits or merges packages, or rejects it. Every decision runs
in a button callback as one transaction in ``tasks.review``; a second click on a decided item
only says it is decided.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import streamlit as st

from config.runtime import limits_from
from db.models import Incoming, Package
from db.reference import search_cases
from tasks import review
from tasks.incoming_queries import get_item, next_for_review, review_queue_size
from tasks.page_moves import PageMoveProblem, move_pages
from tasks.redecide import package_suggestions
from tasks.review_reasons import describe_reasons
from ui import deps
from ui.common import doc_types
from ui.page_mover import page_mover
from ui.safe import md, show
from ui.sender_picker import sender_picker
from ui.views import item_header, load_files, package_files

CURRENT = "review_item"
FLASH = "review_flash"
REJECT_PENDING = "rv_reject_pending"


def _pick(user: deps.CurrentUser, *, after: int | None = None) -> None:
    """Take the next waiting item (logged as a view) and read its files."""
    with deps.unit_of_work() as session:
        item = next_for_review(session, after_id=after, actor=user.actor)
    st.session_state[CURRENT] = item.id if item else None
    if item is not None:
        load_files(item, actor=user.actor)


def _decide(user: deps.CurrentUser, action: str, item_id: int, **kwargs: Any) -> None:
    """Button callback: apply one decision in one transaction, then move on (or stay, for edits)."""
    if not deps.allowed_here(user, "review"):
        return
    functions: dict[str, Callable[..., Any]] = {
        "confirm": review.confirm,
        "correct": review.correct,
        "reject": review.reject,
        "split": review.split_package,
        "merge": review.merge_packages,
        "move_pages": move_pages,
    }
    try:
        with deps.unit_of_work() as session:
            item = functions[action](session, item_id, actor=user.actor, **kwargs)
            number = item.incoming.reg_number if action in ("split", "merge") else item.reg_number
    except review.ReviewError as exc:
        st.session_state[FLASH] = ("warning", exc.message)
        if not isinstance(exc.code, PageMoveProblem):  # a refused page move stays on its item
            st.session_state[CURRENT] = None
        return
    texts = {
        "confirm": f"{number}: подтверждено.",
        "correct": f"{number}: исправлено и зарегистрировано.",
        "reject": f"{number}: отклонено.",
        "split": f"{number}: пакет разделён.",
        "merge": f"{number}: пакеты объединены.",
        "move_pages": f"{number}: страницы перенесены, файлы пакетов собраны заново.",
    }
    st.session_state[FLASH] = ("success", texts[action])
    if action in ("split", "merge", "move_pages"):
        with deps.unit_of_work() as session:
            refreshed = get_item(session, item_id)
        if refreshed is not None:
            load_files(refreshed, actor=user.actor)
            # the changed packages were decided again from their pages: their fields start from that
            for package in refreshed.packages:
                st.session_state.pop(f"rv_type_{package.id}", None)
                st.session_state.pop(f"rv_case_{package.id}", None)
    else:
        st.session_state[CURRENT] = None


def _correct(user: deps.CurrentUser, item: Incoming) -> None:
    choices = [
        review.PackageChoice(
            package_id=p.id,
            document_type_id=st.session_state.get(f"rv_type_{p.id}"),
            case_id=st.session_state.get(f"rv_case_{p.id}"),
            client_id=p.client_id if st.session_state.get(f"rv_case_{p.id}") is None else None,
        )
        for p in item.packages
    ]
    _decide(
        user, "correct", item.id, sender_id=st.session_state.get(f"rv_sender_{item.id}"), packages=choices
    )


def _ask_reject(item_id: int) -> None:
    st.session_state[REJECT_PENDING] = item_id


def _cancel_reject() -> None:
    st.session_state.pop(REJECT_PENDING, None)


def _confirm_reject(user: deps.CurrentUser, item_id: int) -> None:
    st.session_state.pop(REJECT_PENDING, None)
    _decide(user, "reject", item_id, reason=st.session_state.get("rv_reject_reason", ""))


def _reject_with_confirmation(user: deps.CurrentUser, item: Incoming) -> None:
    """«Отклонить» asks first: the item leaves the register's working set."""
    reason = st.text_input("Причина отклонения", key="rv_reject_reason")
    if st.session_state.get(REJECT_PENDING) != item.id:
        st.button("Отклонить", key="rv_reject", on_click=_ask_reject, args=(item.id,))
        return
    st.warning(
        f"Отклонить документ {md(item.reg_number)}? Он уйдёт из разбора; вернуть его сможет старший "
        f"специалист. Причина: {md(reason.strip() or '— не указана —')}"
    )
    yes, no = st.columns(2)
    yes.button(
        "Да, отклонить",
        key="rv_reject_confirm",
        type="primary",
        on_click=_confirm_reject,
        args=(user, item.id),
    )
    no.button("Отмена", key="rv_reject_cancel", on_click=_cancel_reject)


def _suggestion_labels(item: Incoming) -> None:
    suggestions = item.suggestions or {}
    lines = []
    for key, title in (("sender", "Отправитель"), ("document_type", "Тип")):
        found = suggestions.get(key) or {}
        if found.get("name"):
            lines.append(f"{title}: {md(found['name'])} ({found.get('score', 0):.0%})")
    for candidate in suggestions.get("case_candidates") or []:
        lines.append(f"Кейс: {md(candidate.get('case_number'))} ({candidate.get('score', 0):.0%})")
    postmark = (suggestions.get("envelope") or {}).get("postmark_date")
    if postmark:  # a scanned stack's envelope page (issue 15): the date receipt deadlines start from
        lines.append(f"Дата штемпеля на конверте: {date.fromisoformat(postmark):%d.%m.%Y}")
    st.markdown("**Предложения системы**  \n" + ("  \n".join(lines) if lines else "нет"))


def _package_suggestion(item: Incoming, package: Package) -> dict[str, Any] | None:
    """What the pipeline suggested for this package (each document of a stack has its own); None
    when the suggestions do not line up with the packages, so none can be told apart."""
    per_package = package_suggestions(item)
    return per_package[package.position - 1] if per_package is not None else None


def _package_candidates(item: Incoming, package: Package) -> list[Any]:
    """The case candidates the pipeline found for this package, else the item's."""
    own = _package_suggestion(item, package)
    if own is not None:
        return list(own.get("case_candidates") or [])
    return list((item.suggestions or {}).get("case_candidates") or [])


def _package_reasons(item: Incoming, package: Package) -> None:
    """Why this package of a split scan waits, so a clerk with a six-document morning item checks
    the unsure ones and confirms the rest; the header gives only the union for the whole item.

    A package with no reasons says it is sure (its document would have been filed alone). Nothing
    is said when the package's reasons are not known (suggestions not lining up with the packages,
    or stored before they were kept per package): stale reasons would send the clerk to the wrong
    document. A one-package item has nothing to add to the header.
    """
    if len(item.packages) < 2:
        return
    own = _package_suggestion(item, package)
    reasons = own.get("reasons") if own is not None else None
    if not isinstance(reasons, list):
        return
    if reasons:
        st.caption(f"Почему ждёт: {md(describe_reasons([str(r) for r in reasons]))}")
    else:
        st.caption("Пакет определён уверенно.")


def _case_options(item: Incoming, package_id: int, current: int | None) -> dict[int, str]:
    """Candidates from the pipeline, the current case, and what the clerk typed."""
    options: dict[int, str] = {}
    package = next(p for p in item.packages if p.id == package_id)
    for candidate in _package_candidates(item, package):
        if isinstance(candidate, dict) and candidate.get("id"):
            options[int(candidate["id"])] = f"{candidate.get('case_number')} (предложен)"
    if current is not None and package.case is not None:
        options.setdefault(current, f"{package.case.case_number} · {package.case.debtor.full_name}")
    needle = st.session_state.get(f"rv_case_text_{package_id}", "")
    if len(needle.strip()) >= 2:
        with deps.unit_of_work() as session:
            for case in search_cases(session, text=needle):
                options.setdefault(case.id, f"{case.case_number} · {case.debtor.full_name}")
    return options


def _packages_form(item: Incoming) -> None:
    sender_default = item.sender_id or ((item.suggestions or {}).get("sender") or {}).get("id")
    sender_picker(f"rv_sender_{item.id}", default=sender_default)
    types = doc_types()
    for package in item.packages:
        st.markdown(f"**Пакет {package.position}**")
        _package_reasons(item, package)
        st.selectbox(
            "Тип документа",
            list(types),
            format_func=types.__getitem__,
            key=f"rv_type_{package.id}",
            index=list(types).index(package.document_type_id) if package.document_type_id in types else None,
            filter_mode="contains",
            placeholder="Начните вводить…",
        )
        st.text_input(
            "Найти кейс", key=f"rv_case_text_{package.id}", placeholder="Номер кейса, ФИО, номер ИП"
        )
        options = _case_options(item, package.id, package.case_id)
        keys = list(options)
        st.selectbox(
            "Кейс",
            keys,
            format_func=options.__getitem__,
            key=f"rv_case_{package.id}",
            index=keys.index(package.case_id) if package.case_id in options else None,
            placeholder="Не выбран",
        )


def _package_tools(user: deps.CurrentUser, item: Incoming) -> None:
    with st.expander("Разделить или объединить пакеты"):
        files = {a.id: f"{p.position}: {a.file_name}" for p in item.packages for a in p.attachments}
        chosen = st.multiselect(
            "Файлы в новый пакет", list(files), format_func=files.__getitem__, key="rv_split"
        )
        st.button(
            "Разделить",
            key="rv_split_go",
            disabled=not chosen,
            on_click=_decide,
            args=(user, "split", item.id),
            kwargs={"attachment_ids": chosen},
        )
        packages = {p.id: f"Пакет {p.position}" for p in item.packages}
        merging = st.multiselect("Пакеты", list(packages), format_func=packages.__getitem__, key="rv_merge")
        st.button(
            "Объединить",
            key="rv_merge_go",
            disabled=len(merging) < 2,
            on_click=_decide,
            args=(user, "merge", item.id),
            kwargs={"package_ids": merging},
        )


def main() -> None:
    user = deps.require("review")
    st.title("Разбор")
    flash = st.session_state.pop(FLASH, None)
    if flash:
        show(*flash)
    if st.session_state.get(CURRENT) is None:
        _pick(user)
    with deps.unit_of_work() as session:
        waiting = review_queue_size(session)
        item = get_item(session, st.session_state[CURRENT]) if st.session_state.get(CURRENT) else None
    st.caption(f"Ждут разбора: {waiting}")
    if item is None or item.status != "needs_review":
        st.session_state[CURRENT] = None
        st.success("Очередь разбора пуста.")
        return
    scan, decision = st.columns([3, 2])
    with scan:
        item_header(item)
        package_files(item)
        page_mover(item, decide=_decide, user=user, limits=limits_from(deps.settings()))
    with decision:
        _suggestion_labels(item)
        _packages_form(item)
        st.button(
            "Подтвердить как есть",
            key="rv_confirm",
            type="primary",
            on_click=_decide,
            args=(user, "confirm", item.id),
        )
        st.button("Сохранить исправления", key="rv_correct", on_click=_correct, args=(user, item))
        _package_tools(user, item)
        _reject_with_confirmation(user, item)
        st.button("Пропустить", key="rv_skip", on_click=_pick, args=(user,), kwargs={"after": item.id})


main()
