"""«Разбор» of a split scan (issue 15): the clerk sees each package's page thumbnails and moves a
page to another package with clicks; the packages' files are rebuilt and the move is audited."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import Engine, select
from streamlit.testing.v1 import AppTest

from db.audit import list_entries
from db.engine import session_scope
from db.models import Incoming
from db.models.enums import Role
from tasks import review
from tasks.incoming_queries import get_item
from tests.integration.split_items import (
    DebtorLetter,
    debtor_letters,
    pdf_page_texts,
    register_split_item,
    tagged_pages,
)

Login = Callable[[Role], AppTest]


def _only_in_review(engine: Engine, documents: list[list[str]]) -> int:
    """The split item, alone in «Разбор» (the queue of the shared app database cleared first)."""
    with session_scope(engine) as session:
        for item_id in session.scalars(select(Incoming.id).where(Incoming.status == "needs_review")):
            review.reject(session, item_id, reason="очередь очищена тестом", actor="tests")
    with session_scope(engine) as session:
        return register_split_item(session, documents)


def _stack(engine: Engine) -> tuple[int, list[str]]:
    pages = tagged_pages(5)
    return _only_in_review(engine, [pages[:3], pages[3:]]), pages


def _pages_of(engine: Engine, item_id: int) -> list[list[str]]:
    with session_scope(engine) as session:
        item = get_item(session, item_id)
        assert item is not None
        return [pdf_page_texts(session, p.attachments[0].sha256) for p in item.packages]


def test_a_clerk_sees_page_thumbnails_and_moves_a_page_to_the_next_package(
    logged_in: Login, app_engine: Engine
) -> None:
    item_id, pages = _stack(app_engine)
    at = logged_in(Role.CLERK)
    at.switch_page("pages/review.py").run()
    assert not at.exception
    thumbnails = [
        i.proto.imgs[0].caption for i in at.get("image") if i.proto.imgs[0].caption.startswith("Стр.")
    ]
    assert thumbnails == [f"Стр. {n}" for n in range(1, 6)]  # one per page of the two packages
    assert at.selectbox(key=f"rv_page_{item_id}_3").value == 1
    assert at.selectbox(key=f"rv_page_{item_id}_3").options == ["Пакет 1", "Пакет 2", "Новый пакет"]
    at.selectbox(key=f"rv_page_{item_id}_3").select(2).run()
    at.button(key=f"rv_pages_apply_{item_id}").click().run()
    assert not at.exception
    assert any("страницы перенесены" in s.value for s in at.success)
    assert _pages_of(app_engine, item_id) == [pages[:2], pages[2:]]
    with session_scope(app_engine) as session:
        assert list_entries(session, action_prefix="review.move_pages")[0].entity_id == str(item_id)
    assert at.selectbox(key=f"rv_page_{item_id}_3").value == 2  # the same item, now as moved


def test_emptying_a_package_is_refused_in_russian_and_changes_nothing(
    logged_in: Login, app_engine: Engine
) -> None:
    item_id, pages = _stack(app_engine)
    at = logged_in(Role.CLERK)
    at.switch_page("pages/review.py").run()
    for page in (4, 5):
        at.selectbox(key=f"rv_page_{item_id}_{page}").select(1)
    at.run()
    at.button(key=f"rv_pages_apply_{item_id}").click().run()
    assert not at.exception
    assert any("не остаётся страниц" in w.value for w in at.warning)
    assert _pages_of(app_engine, item_id) == [pages[:3], pages[3:]]


def _letters(engine: Engine) -> tuple[DebtorLetter, DebtorLetter]:
    with session_scope(engine) as session:
        return debtor_letters(session)


def test_a_page_moved_into_a_new_package_offers_its_own_debtors_case(
    logged_in: Login, app_engine: Engine
) -> None:
    """Two debtors' documents filed as one package: after «Новый пакет» under document 2's page,
    the new package's «Кейс» offers and shows document 2's case, the first package's no longer does."""
    first_letter, second_letter = _letters(app_engine)
    item_id = _only_in_review(app_engine, [[first_letter.page, second_letter.page]])
    at = logged_in(Role.CLERK)
    at.switch_page("pages/review.py").run()
    at.selectbox(key=f"rv_page_{item_id}_2").select(2).run()
    at.button(key=f"rv_pages_apply_{item_id}").click().run()
    assert not at.exception
    with session_scope(app_engine) as session:
        item = get_item(session, item_id)
        assert item is not None
        first_id, new_id = (p.id for p in item.packages)
    new_case = at.selectbox(key=f"rv_case_{new_id}")
    assert new_case.options == [f"{second_letter.case_number} (предложен)"]
    assert new_case.value == second_letter.case_id
    first_case = at.selectbox(key=f"rv_case_{first_id}")
    assert not any(second_letter.case_number in option for option in first_case.options)
    assert first_case.value == first_letter.case_id


def test_merged_packages_show_the_case_decided_over_both(logged_in: Login, app_engine: Engine) -> None:
    """Two debtors' documents in two packages, the first filed on its debtor's case: after
    «Объединить» the merged package names both debtors, so its «Кейс» offers both and shows none."""
    first_letter, second_letter = _letters(app_engine)
    item_id = _only_in_review(app_engine, [[first_letter.page], [second_letter.page]])
    with session_scope(app_engine) as session:
        item = review._waiting(session, item_id)
        item.packages[0].case_id = first_letter.case_id
        first_id, second_id = (p.id for p in item.packages)
    at = logged_in(Role.CLERK)
    at.switch_page("pages/review.py").run()
    assert at.selectbox(key=f"rv_case_{first_id}").value == first_letter.case_id
    at.multiselect(key="rv_merge").select(first_id).select(second_id).run()
    at.button(key="rv_merge_go").click().run()
    assert not at.exception
    merged = at.selectbox(key=f"rv_case_{first_id}")
    assert merged.options == [f"{c.case_number} (предложен)" for c in (first_letter, second_letter)]
    assert merged.value is None
