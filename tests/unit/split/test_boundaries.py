"""Cutting a scanned stack into documents by what each page says (issue 15)."""

from __future__ import annotations

import io
from datetime import date

from pypdf import PdfReader

from tasks.split.boundaries import split_pages
from tasks.split.cues import names_several_cases, page_cues, pages_cues
from tasks.split.separator import separator_sheet_pdf
from tests.unit.split.pages import CONTINUATION, ENVELOPE, IP_A, IP_B, RESOLUTION, WRIT


def test_a_stack_is_cut_into_its_documents_with_the_envelope_and_skipped_sheets_apart() -> None:
    """GIVEN envelope, a two-page resolution «стр. 1 из 2», «стр. 2 из 2», a blank sheet, a writ,
    the separator sheet, another resolution WHEN split THEN three documents, every page placed once,
    the postmark date read, the blank and the separator recorded as skipped."""
    separator = PdfReader(io.BytesIO(separator_sheet_pdf())).pages[0].extract_text()
    pages = [
        ENVELOPE,
        RESOLUTION.format(ip=IP_A, mark="стр. 1 из 2"),
        CONTINUATION.format(mark="стр. 2 из 2"),
        "",
        WRIT,
        separator,
        RESOLUTION.format(ip=IP_B, mark=""),
    ]
    split = split_pages(pages_cues(pages))
    assert [d.pages for d in split.documents] == [(2, 3), (5,), (7,)]
    assert split.envelope == (1,) and split.postmark_date == date(2025, 4, 15)
    assert [(s.page, s.reason) for s in split.skipped] == [(4, "blank"), (6, "separator")]
    assert not split.unsure(0.85)


def test_a_page_without_a_title_that_names_another_case_makes_the_split_unsure() -> None:
    """GIVEN a resolution and a page with no letterhead or title naming another ИП WHEN split
    THEN a new document is proposed, but below the automatic threshold: a clerk decides."""
    pages = [RESOLUTION.format(ip=IP_A, mark=""), f"по исполнительному производству № {IP_B} сообщаем далее"]
    split = split_pages(pages_cues(pages))
    assert [d.pages for d in split.documents] == [(1,), (2,)]
    assert split.unsure(0.85)


def test_an_unsure_start_holds_back_only_the_two_documents_it_lies_between() -> None:
    """GIVEN a morning stack of six documents cut by separator sheets, except that the third is a
    page without a title naming another ИП right after the second WHEN split THEN only the second
    and the third wait for a clerk (the page may end the second); the other four can be filed."""
    separator = PdfReader(io.BytesIO(separator_sheet_pdf())).pages[0].extract_text()
    unsure_start = f"по исполнительному производству № {IP_B} сообщаем далее"
    documents = [WRIT, RESOLUTION.format(ip=IP_A, mark=""), unsure_start]
    documents += [WRIT, RESOLUTION.format(ip=IP_B, mark=""), RESOLUTION.format(ip=IP_A, mark="")]
    pages = [documents[0], separator, documents[1], documents[2]]
    for document in documents[3:]:
        pages += [separator, document]
    split = split_pages(pages_cues(pages))
    assert [d.pages for d in split.documents] == [(1,), (3,), (4,), (6,), (8,), (10,)]
    assert split.unsure_documents(0.85) == {1, 2}


def test_an_unsure_page_inside_a_document_holds_back_that_document_alone() -> None:
    """GIVEN a resolution whose continuation follows a blank sheet (its back side, or the end of
    it?), a writ, and a resolution «стр. 1 из 2» whose «стр. 2 из 2» opens with a title WHEN split
    THEN the first and the third wait for a clerk; the writ between them is filed: had either
    unsure page started a document, the writ's pages would stay as they are."""
    separator = PdfReader(io.BytesIO(separator_sheet_pdf())).pages[0].extract_text()
    pages = [RESOLUTION.format(ip=IP_A, mark=""), "", CONTINUATION.format(mark=""), separator, WRIT]
    pages += [separator, RESOLUTION.format(ip=IP_B, mark="стр. 1 из 2"), WRIT + "\nстр. 2 из 2"]
    split = split_pages(pages_cues(pages))
    assert [d.pages for d in split.documents] == [(1, 3), (5,), (7, 8)]
    assert split.unsure_documents(0.85) == {0, 2}
    assert split.unsure_documents(0.7) == {2}  # the blank sheet's doubt (0.75) is above this threshold


def test_a_sure_stack_holds_back_no_document() -> None:
    pages = [RESOLUTION.format(ip=IP_A, mark="стр. 1 из 2"), CONTINUATION.format(mark="стр. 2 из 2"), WRIT]
    split = split_pages(pages_cues(pages))
    assert len(split.documents) == 2 and split.unsure_documents(0.85) == frozenset()


def test_a_court_paper_opening_with_its_case_heading_starts_a_document_without_a_title() -> None:
    """GIVEN a writ and then a determination scanned without its title, opening «Дело № …», «УИД …»
    and naming another case WHEN split THEN two documents, sure enough to file without a clerk."""
    determination = """Дело № 2-7298/2023
УИД 43MS0071-01-2023-512751-69
«12» января 2025 г. г. Киров
Ленинский районный суд г. Кирова, рассмотрев заявление о процессуальном правопреемстве по делу
№ 2-7298/2023, ОПРЕДЕЛИЛ: заменить взыскателя."""
    split = split_pages(pages_cues([WRIT, determination]))
    assert [d.pages for d in split.documents] == [(1,), (2,)]
    assert not split.unsure(0.85)


def test_a_case_number_in_the_body_of_a_later_page_does_not_start_a_document() -> None:
    continuation = (
        "рассмотрев в открытом судебном заседании гражданское\nдело № 2-4225/2024, ОПРЕДЕЛИЛ: отказать."
    )
    split = split_pages(pages_cues([WRIT, continuation]))
    assert split.trivial


def test_page_numbers_that_say_continue_keep_a_titled_page_in_its_document_but_unsure() -> None:
    """«стр. 2 из 2» on a page opening with a title: the numbers win, the clerk checks."""
    pages = [RESOLUTION.format(ip=IP_A, mark="стр. 1 из 2"), WRIT + "\nстр. 2 из 2"]
    split = split_pages(pages_cues(pages))
    assert [d.pages for d in split.documents] == [(1, 2)] and split.unsure(0.85)


def test_continuation_pages_without_numbers_stay_with_their_document() -> None:
    pages = [RESOLUTION.format(ip=IP_A, mark=""), CONTINUATION.format(mark=""), CONTINUATION.format(mark="")]
    split = split_pages(pages_cues(pages))
    assert split.trivial and not split.unsure(0.85)


def test_unread_pages_are_never_taken_for_blank_sheets() -> None:
    """No OCR: nothing was read, so nothing is dropped; the file stays one document."""
    split = split_pages(pages_cues(["", ""], read=[False, False]))
    assert split.trivial and split.documents[0].pages == (1, 2)


def test_the_separator_sheet_prints_what_the_splitter_recognises() -> None:
    text = PdfReader(io.BytesIO(separator_sheet_pdf(copies=2))).pages[1].extract_text()
    assert page_cues(1, text).separator and not page_cues(1, WRIT).separator


def test_pages_naming_different_cases_are_told_from_pages_of_one_case() -> None:
    one = RESOLUTION.format(ip=IP_A, mark="")
    assert names_several_cases([one, RESOLUTION.format(ip=IP_B, mark="")])
    assert not names_several_cases([one, CONTINUATION.format(mark=""), f"ИП № {IP_A}"])
