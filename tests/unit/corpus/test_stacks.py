"""The stack corpus keeps its promises: every page has exactly one truth, seeds reproduce it, and the
unkind cases the issue names (envelopes, separators, blank pages, strangers, namesakes) are in the mix."""

from __future__ import annotations

import io
import re
from collections import Counter

import pypdf
import pytest

from tests.corpus.render import layout
from tests.corpus.stacks import BLANK, ENVELOPE, KINDS, SEPARATOR, SEPARATOR_TITLE, Stack, world_stacks
from tests.corpus.stacks_render import stack_image_pdf, stack_jpeg, stack_text_pdf

STACKS = world_stacks(40, seed=1)


def test_every_page_has_exactly_one_truth_and_documents_are_runs_of_pages() -> None:
    for stack in STACKS:
        assert len(stack.roles) == len(stack.pages)
        indices = [r for r in stack.roles if isinstance(r, int)]
        assert sorted(set(indices)) == list(range(len(stack.documents)))
        for index in range(len(stack.documents)):
            pages = stack.document_pages(index)
            assert pages == tuple(range(pages[0], pages[-1] + 1)), stack.roles
        assert all(r in (ENVELOPE, BLANK, SEPARATOR) for r in stack.roles if not isinstance(r, int))


def test_each_page_text_lays_out_as_one_page_so_rendered_page_numbers_match_the_truth() -> None:
    for stack in STACKS[:15]:
        assert len(layout(stack.text)) == len(stack.pages)


def test_text_pdf_has_one_pdf_page_per_stack_page() -> None:
    stack = next(s for s in STACKS if BLANK in s.roles)
    assert len(pypdf.PdfReader(io.BytesIO(stack_text_pdf(stack))).pages) == len(stack.pages)


def test_same_seed_same_stacks_other_seed_other_stacks_prefix_stable() -> None:
    assert world_stacks(12, seed=1) == STACKS[:12]
    assert world_stacks(12, seed=2) != STACKS[:12]


def test_the_first_stacks_cover_every_kind_and_stacks_hold_two_to_six_documents() -> None:
    assert [s.kind for s in STACKS[: len(KINDS)]] == list(KINDS)
    for stack in STACKS:
        assert (len(stack.documents) == 1) == (stack.kind == "single")
        assert 1 <= len(stack.documents) <= 6


def _with(role: str) -> list[Stack]:
    return [s for s in STACKS if role in s.roles]


def test_envelopes_start_their_stack_and_show_the_postmark_date_and_both_indices() -> None:
    enveloped = _with(ENVELOPE)
    assert len(enveloped) >= 5
    for stack in enveloped:
        assert stack.roles[0] == ENVELOPE and stack.roles.count(ENVELOPE) == 1
        assert stack.envelope is not None
        page = stack.pages[0]
        assert "ПОЧТА РОССИИ" in page and f"{stack.envelope.postmark:%d.%m.%y}" in page
        assert "125009" in page and len(re.findall(r"\b\d{6}\b", page)) >= 2
        assert stack.envelope.postmark > max(d.document_date for d in stack.documents)
    assert any(s.envelope and s.envelope.rotated for s in STACKS)


def test_separator_sheets_and_blank_pages_sit_between_documents() -> None:
    separated, blanked = _with(SEPARATOR), _with(BLANK)
    assert separated and blanked
    for stack in separated + blanked:
        for p, role in enumerate(stack.roles):
            if role in (SEPARATOR, BLANK):
                assert isinstance(stack.roles[p - 1], int) and isinstance(stack.roles[p + 1], int)
                text = stack.pages[p]
                assert (SEPARATOR_TITLE in text and "KORR-SEP-" in text) if role == SEPARATOR else text == ""


def test_court_envelopes_hold_a_determination_and_a_writ_for_one_debtor() -> None:
    for stack in (s for s in STACKS if s.kind == "court"):
        first, writ = stack.documents
        assert writ.document_type == "Исполнительный лист" and first.document_type != writ.document_type
        assert first.debtor_full_name == writ.debtor_full_name and first.case_number == writ.case_number
        assert first.sender == writ.sender


def test_bailiff_envelopes_hold_several_debtors_strangers_and_namesakes() -> None:
    bailiff = [s for s in STACKS if s.kind == "bailiff"]
    for stack in bailiff:
        assert len({d.sender for d in stack.documents}) == 1
        debtors = [(d.debtor_full_name, d.debtor_birth_date) for d in stack.documents]
        assert len(set(debtors)) >= 2
        for a, b in zip(stack.documents, stack.documents[1:], strict=False):  # one ИП twice: adjacent
            if (a.debtor_full_name, a.debtor_birth_date) == (b.debtor_full_name, b.debtor_birth_date):
                assert a.ip_numbers == b.ip_numbers and a.document_type != b.document_type
    assert any(len({d.ip_numbers for d in s.documents}) < len(s.documents) for s in bailiff)
    assert any(d.case_number == "" for s in bailiff for d in s.documents)
    assert any(all(d.case_number for d in s.documents) for s in bailiff)
    namesakes = [
        s for s in bailiff if any(n > 1 for n in Counter(d.debtor_full_name for d in s.documents).values())
    ]
    assert namesakes


def test_the_issue_pair_is_a_stranger_first_then_a_known_debtor() -> None:
    for stack in (s for s in STACKS if s.kind == "pair"):
        assert [d.case_number == "" for d in stack.documents] == [True, False]


def test_documents_span_several_pages_numbered_or_not() -> None:
    long = [(s, i) for s in STACKS for i in range(len(s.documents)) if len(s.document_pages(i)) > 1]
    second = [s.pages[s.document_pages(i)[1] - 1] for s, i in long]
    numbered = [page for page in second if re.search(r"(стр\.|Страница) 2 из", page)]
    assert numbered and len(numbered) < len(long)


def test_image_pdf_has_one_scanned_page_per_stack_page_and_jpeg_only_one_page() -> None:
    stack = next(s for s in STACKS if s.kind == "pair")
    reader = pypdf.PdfReader(io.BytesIO(stack_image_pdf(stack, seed=7)))
    assert len(reader.pages) == len(stack.pages)
    assert not reader.pages[0].extract_text().strip()
    with pytest.raises(ValueError, match="one page"):
        stack_jpeg(stack, seed=7)


def test_some_second_pages_open_with_the_operative_part_in_capitals() -> None:
    words = "П О С Т А Н О В И Л|ПОСТАНОВИЛ|Р Е Ш И Л|ОПРЕДЕЛИЛ|ПРИКАЗАЛ|У С Т А Н О В И Л|УСТАНОВИЛ"
    opening = re.compile(rf"^\s*(?:(?:стр\.|Страница|Лист) \d.*|- \d+ -)?\s*(?:{words})")
    continued = [
        (s.roles[p], s.roles[p - 1])
        for s in STACKS
        for p, page in enumerate(s.pages)
        if p and opening.match(page)
    ]
    assert continued and all(role == before for role, before in continued)


def test_a_world_documents_own_second_page_keeps_its_number() -> None:
    pages = [page for s in STACKS for page in s.pages if "Подлинник находится в материалах дела" in page]
    assert pages and all("Страница 2 из 2" in page for page in pages)
