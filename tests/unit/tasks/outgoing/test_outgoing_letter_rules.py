"""Pure parts of letter creation: weight, index, attachment checks by content."""

from __future__ import annotations

from tasks.outgoing.errors import LetterProblem
from tasks.outgoing.letters import (
    AttachmentFile,
    AttachmentLimits,
    Problem,
    check_attachments,
    estimate_weight,
    index_in,
)
from tests.unit.tasks.outgoing.outgoing_factories import pdf_bytes


def test_estimate_weight_counts_envelope_pages_cover_letter_and_inventory() -> None:
    assert estimate_weight(pages=3, envelope="DL", with_inventory=False) == 5 + 5 * 4
    assert estimate_weight(pages=3, envelope="C5", with_inventory=True) == 10 + 5 * 5


def test_index_in_finds_the_six_digit_index_only() -> None:
    assert index_in("630099, г. Новосибирск, ул. Ленина, д. 1") == "630099"
    assert index_in("г. Новосибирск, ул. Ленина, д. 1234567") is None


def test_check_attachments_refuses_a_renamed_png_by_content() -> None:
    files = [AttachmentFile("claim.pdf", b"\x89PNG\r\n\x1a\n" + b"0" * 100)]
    checked, problems = check_attachments(files, limits=AttachmentLimits())
    assert checked == []
    assert problems[0].code == Problem.FILE_REFUSED and "claim.pdf" in problems[0].message


def test_check_attachments_refuses_more_than_five_files_and_oversized_totals() -> None:
    files = [AttachmentFile(f"{n}.pdf", b"%PDF-1.4 " + bytes([n]) * 10) for n in range(6)]
    _, problems = check_attachments(files, limits=AttachmentLimits(max_total_bytes=20))
    codes = {p.code for p in problems}
    assert {"too_many_files", "package_too_large"} <= codes


def test_check_attachments_accepts_a_real_pdf_and_refuses_its_twin() -> None:
    data = pdf_bytes(2)
    checked, problems = check_attachments(
        [AttachmentFile("a.pdf", data), AttachmentFile("b.pdf", data)], limits=AttachmentLimits()
    )
    assert [c.pages for c in checked] == [2]
    assert problems == [LetterProblem(Problem.DUPLICATE_FILE, "«b.pdf» вложен дважды.")]
