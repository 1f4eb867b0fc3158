"""«Разбор» of a split scan (issue 15) says under each package why that package waits, so a clerk
with a many-document item checks the unsure documents, not all of them."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from sqlalchemy import Engine, select
from streamlit.testing.v1 import AppTest

from db.engine import session_scope
from db.models import Incoming
from db.models.enums import Role
from tasks import review
from tasks.incoming_queries import get_item
from tests.integration.split_items import register_split_item, tagged_pages
from tests.integration.ui.conftest import seen

Login = Callable[[Role], AppTest]

BOUNDARY = "Границы документов в скане определены неуверенно"


def _split_item(engine: Engine, reasons: list[list[str]] | None, sizes: tuple[int, ...] = (1, 1, 1)) -> int:
    """A scan split into documents of ``sizes`` pages alone in «Разбор», each package with its own
    ``reasons`` (None: the per-package suggestions do not line up with the packages); returns the
    item's id."""
    with session_scope(engine) as session:
        for item_id in session.scalars(select(Incoming.id).where(Incoming.status == "needs_review")):
            review.reject(session, item_id, reason="очередь очищена тестом", actor="tests")
    with session_scope(engine) as session:
        pages = tagged_pages(sum(sizes))
        documents, start = [], 0
        for size in sizes:
            documents.append(pages[start : start + size])
            start += size
        item_id = register_split_item(session, documents)
        item = get_item(session, item_id)
        assert item is not None
        per_package = (
            [{"reasons": r, "case_candidates": []} for r in reasons]
            if reasons is not None
            else [{"reasons": ["split_unsure"], "case_candidates": []}] * (len(sizes) - 1)
        )
        item.suggestions = {**(item.suggestions or {}), "reasons": ["split_unsure"], "packages": per_package}
        return item_id


def _package_ids(engine: Engine, item_id: int) -> list[int]:
    with session_scope(engine) as session:
        item = get_item(session, item_id)
        assert item is not None
        return [p.id for p in item.packages]


def _in_order(node: Any) -> Iterator[Any]:
    """Every element of the page in the order a clerk sees them."""
    children = getattr(node, "children", None)
    if children is None:
        yield node
        return
    for key in sorted(children):
        yield from _in_order(children[key])


def _sections(at: AppTest, package_ids: list[int]) -> list[str]:
    """The text of each package's section of the decision form: from its «Пакет N» title to its
    case field."""
    sections: list[str] = []
    current: list[str] | None = None
    for element in _in_order(at.main):
        value = getattr(element, "value", None)
        if element.type == "markdown" and value == f"**Пакет {len(sections) + 1}**":
            current = []
        elif current is not None and getattr(element, "key", None) == f"rv_case_{package_ids[len(sections)]}":
            sections.append(seen(" ".join(current)))
            current = None
            if len(sections) == len(package_ids):
                break
        elif current is not None and isinstance(value, str):
            current.append(value)
    assert len(sections) == len(package_ids)
    return sections


def test_only_the_package_beside_an_unsure_cut_says_so(logged_in: Login, app_engine: Engine) -> None:
    item_id = _split_item(app_engine, [[], ["split_unsure", "case_not_found"], []])
    at = logged_in(Role.CLERK)
    at.switch_page("pages/review.py").run()
    assert not at.exception
    first, second, third = _sections(at, _package_ids(app_engine, item_id))
    assert f"Почему ждёт: {BOUNDARY}" in second
    assert "Кейс не найден" in second
    assert BOUNDARY not in first and "Почему ждёт" not in first
    assert "Пакет определён уверенно." in first and "Пакет определён уверенно." in third


def test_no_package_reasons_are_shown_when_the_suggestions_do_not_match_the_packages(
    logged_in: Login, app_engine: Engine
) -> None:
    item_id = _split_item(app_engine, None)
    at = logged_in(Role.CLERK)
    at.switch_page("pages/review.py").run()
    assert not at.exception
    for section in _sections(at, _package_ids(app_engine, item_id)):
        assert "Почему ждёт" not in section and "уверенно." not in section
    assert any(BOUNDARY in i.value for i in at.info)  # the item's header still says why it waits


def test_after_a_page_move_the_moved_packages_no_longer_blame_the_cut(
    logged_in: Login, app_engine: Engine
) -> None:
    """The clerk settled the cut by moving a page: the two packages it changed are decided again
    from their pages and show their new reasons; the untouched first package keeps its own."""
    item_id = _split_item(app_engine, [[], ["split_unsure"], ["split_unsure"]], sizes=(1, 2, 1))
    at = logged_in(Role.CLERK)
    at.switch_page("pages/review.py").run()
    assert sum(BOUNDARY in s for s in _sections(at, _package_ids(app_engine, item_id))) == 2
    at.selectbox(key=f"rv_page_{item_id}_3").select(3).run()
    at.button(key=f"rv_pages_apply_{item_id}").click().run()
    assert not at.exception
    assert any("страницы перенесены" in s.value for s in at.success)
    first, second, third = _sections(at, _package_ids(app_engine, item_id))
    assert "Пакет определён уверенно." in first
    assert BOUNDARY not in second and "Почему ждёт:" in second  # its tagged page names no case
    assert BOUNDARY not in third and "Почему ждёт:" in third
