"""«Разбор» of a split scan: moving a page between packages rebuilds their PDFs, audited (issue 15)."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from db.audit import list_entries
from tasks import review
from tasks.ingest.analyse import load_reference
from tasks.page_moves import move_pages
from tasks.redecide import package_decision
from tests.integration.split_items import debtor_letters, pdf_page_texts, register_split_item, tagged_pages


def _stack(session: Session) -> tuple[int, list[str]]:
    pages = tagged_pages(5)
    return register_split_item(session, [pages[:3], pages[3:]]), pages


def test_moving_a_page_from_package_one_to_two_rebuilds_both_pdfs_and_audits_it(session: Session) -> None:
    item_id, pages = _stack(session)
    item = move_pages(session, item_id, assignment={1: 1, 2: 1, 3: 2, 4: 2, 5: 2}, actor="anna")
    first, second = (p.attachments[0] for p in item.packages)
    assert (first.page_count, second.page_count) == (2, 3)
    assert pdf_page_texts(session, first.sha256) == pages[:2]
    assert pdf_page_texts(session, second.sha256) == pages[2:]
    assert second.file_name == "скан — документ 2 (стр. 3–5).pdf"
    assert pages[2] in (second.text or "") and pages[2] not in (first.text or "")
    entry = list_entries(session, actor="anna", action_prefix="review.")[0]
    assert entry.action == "review.move_pages"
    assert {k: v for k, v in entry.details.items() if k != "filed"} == {
        "before": [[1, 2, 3], [4, 5]],
        "after": [[1, 2], [3, 4, 5]],
        "packages": [p.id for p in item.packages],
    }
    assert set(entry.details["filed"]) == {"1", "2"}  # both packages decided again


def test_a_page_into_a_new_package_makes_a_third_package(session: Session) -> None:
    item_id, pages = _stack(session)
    item = move_pages(session, item_id, assignment={1: 1, 2: 1, 3: 3, 4: 2, 5: 2}, actor="anna")
    assert [p.attachments[0].page_count for p in item.packages] == [2, 2, 1]
    assert pdf_page_texts(session, item.packages[2].attachments[0].sha256) == [pages[2]]


def test_an_assignment_that_empties_a_package_is_refused_and_changes_nothing(session: Session) -> None:
    item_id, _pages = _stack(session)
    item = review._waiting(session, item_id)
    before = [(a.sha256, a.page_count) for p in item.packages for a in p.attachments]
    with pytest.raises(review.ReviewError, match="В пакете 2 не остаётся страниц"):
        move_pages(session, item_id, assignment={1: 1, 2: 1, 3: 1, 4: 1, 5: 1}, actor="anna")
    assert [(a.sha256, a.page_count) for p in item.packages for a in p.attachments] == before
    assert not list_entries(session, actor="anna", action_prefix="review.")


def test_moving_the_page_back_restores_the_packages_as_they_were(session: Session) -> None:
    item_id, pages = _stack(session)
    move_pages(session, item_id, assignment={1: 1, 2: 1, 3: 2, 4: 2, 5: 2}, actor="anna")
    item = move_pages(session, item_id, assignment={1: 1, 2: 1, 3: 1, 4: 2, 5: 2}, actor="anna")
    first, second = (p.attachments[0] for p in item.packages)
    assert (pdf_page_texts(session, first.sha256), pdf_page_texts(session, second.sha256)) == (
        pages[:3],
        pages[3:],
    )
    assert [e.action for e in list_entries(session, actor="anna", action_prefix="review.")] == [
        "review.move_pages"
    ] * 2


def _case_ids(suggestion: dict) -> set[int]:
    return {c["id"] for c in suggestion.get("case_candidates") or []}


def test_document_two_moved_into_a_new_package_gets_its_own_debtors_case(session: Session) -> None:
    """GIVEN two debtors' documents filed as one package, the pipeline suggesting both cases for it
    WHEN the clerk moves document 2's page into a new package
    THEN the new package suggests and is filed on document 2's case, the first no longer offers it."""
    first_letter, second_letter = debtor_letters(session)
    item_id = register_split_item(session, [[first_letter.page, second_letter.page]])
    item = review._waiting(session, item_id)
    whole = package_decision(
        session,
        item.packages[0].attachments,
        [first_letter.page, second_letter.page],
        reference=load_reference(session),
    ).suggestion
    assert _case_ids(whole) == {first_letter.case_id, second_letter.case_id}  # the pipeline's view
    item.suggestions = {**item.suggestions, "packages": [whole], "case_candidates": whole["case_candidates"]}
    item = move_pages(session, item_id, assignment={1: 1, 2: 2}, actor="anna")
    old, new = item.suggestions["packages"]
    assert _case_ids(new) == {second_letter.case_id}
    assert _case_ids(old) == {first_letter.case_id}
    assert [p.case_id for p in item.packages] == [first_letter.case_id, second_letter.case_id]
    assert _case_ids(item.suggestions) == {first_letter.case_id}  # the item's follow its first package
    assert new["pages"] == [2]


def test_a_package_whose_pages_did_not_change_keeps_what_the_pipeline_found(session: Session) -> None:
    pages = tagged_pages(3)
    item_id = register_split_item(session, [pages[:1], pages[1:]])
    item = review._waiting(session, item_id)
    kept = {"file": "документ 1", "case_candidates": [], "reasons": ["split_unsure"]}
    item.suggestions = {**item.suggestions, "packages": [kept, {"case_candidates": []}]}
    item = move_pages(session, item_id, assignment={1: 1, 2: 2, 3: 3}, actor="anna")
    assert item.suggestions["packages"][0] == kept
    assert [s["pages"] for s in item.suggestions["packages"][1:]] == [[2], [3]]


def test_once_the_clerk_set_the_boundary_the_item_no_longer_says_it_is_unsure(session: Session) -> None:
    """GIVEN a split scan waiting because both its documents' boundary was unsure WHEN the clerk
    moves the page across it THEN both packages are decided again and the item's reasons (header
    and suggestions) no longer say «границы … неуверенно»; what the packages say now stays."""
    pages = tagged_pages(3)
    item_id = register_split_item(session, [pages[:2], pages[2:]])
    item = review._waiting(session, item_id)
    unsure = {"case_candidates": [], "reasons": ["split_unsure"]}
    item.suggestions = {**item.suggestions, "packages": [unsure, unsure], "reasons": ["split_unsure"]}
    item = move_pages(session, item_id, assignment={1: 1, 2: 2, 3: 2}, actor="anna")
    now = [r for p in item.suggestions["packages"] for r in p["reasons"]]
    assert "split_unsure" not in (item.review_reason or "").split()
    assert "split_unsure" not in item.suggestions["reasons"]
    assert set(item.suggestions["reasons"]) == set(now)


def test_an_unread_last_page_the_pipeline_stripped_stays_the_last_page(session: Session) -> None:
    """The pipeline strips a document's text, so an inked page OCR could not read leaves no form feed
    at the end: moving the page before it still moves that page's own text, not the whole document's."""
    first_letter, second_letter = debtor_letters(session)
    item_id = register_split_item(session, [[first_letter.page, second_letter.page, ""]])
    item = review._waiting(session, item_id)
    document = item.packages[0].attachments[0]
    document.text = (document.text or "").strip()
    item = move_pages(session, item_id, assignment={1: 1, 2: 2, 3: 2}, actor="anna")
    first, second = (p.attachments[0] for p in item.packages)
    assert second_letter.page in (second.text or "") and second_letter.page not in (first.text or "")
    assert _case_ids(item.suggestions["packages"][1]) == {second_letter.case_id}


def test_two_identical_sheets_put_in_two_packages_are_refused_in_russian(session: Session) -> None:
    """A copy scanned twice makes two equal files: the content can be registered only once."""
    page = tagged_pages(1)[0]
    item_id = register_split_item(session, [[page, page]])
    with pytest.raises(review.ReviewError, match="Два пакета получились одинаковыми"):
        move_pages(session, item_id, assignment={1: 1, 2: 2}, actor="anna")
    assert not list_entries(session, actor="anna", action_prefix="review.")
