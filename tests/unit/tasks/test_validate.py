"""Validation refuses what a clerk could not use, with a specific reason and a Russian message."""

from __future__ import annotations

import io
import time
from pathlib import Path

import pytest

from config.limits import ChildLimits, Limits
from tasks.rejections import FileRejected, RejectReason, describe
from tasks.sandboxed import SandboxCrashed, SandboxRaised, SandboxTimeout, run_sandboxed
from tasks.validate import (
    DecodeLimits,
    Mime,
    inspect_pdf,
    jpeg_dimensions,
    sniff,
    validate,
    validate_bytes,
    validate_package,
)
from tests.corpus import hostile
from tests.corpus.render import image_pdf, jpeg_scan, text_pdf

TEXT = "ПОСТАНОВЛЕНИЕ\nо возбуждении исполнительного производства № 12345/26/77047-ИП\n" * 3
HOSTILE = hostile.hostile_files()


@pytest.mark.parametrize("bad", HOSTILE, ids=[h.name for h in HOSTILE])
def test_validate_refuses_hostile_file_with_its_reason(tmp_path: Path, bad: hostile.HostileFile) -> None:
    path = tmp_path / bad.name
    path.write_bytes(bad.data)
    started = time.monotonic()
    with pytest.raises(FileRejected) as caught:
        validate(path)
    assert caught.value.reason in bad.reasons
    assert caught.value.name == bad.name
    assert any("а" <= c <= "я" for c in caught.value.message)
    assert time.monotonic() - started < 5


@pytest.mark.parametrize(
    ("name", "make", "mime"),
    [
        ("letter.pdf", lambda: text_pdf(TEXT), Mime.PDF),
        ("scan.pdf", lambda: image_pdf(TEXT, seed=1), Mime.PDF),
        ("scan.jpg", lambda: jpeg_scan(TEXT, seed=2), Mime.JPEG),
    ],
)
def test_validate_accepts_good_file(tmp_path: Path, name: str, make: object, mime: Mime) -> None:
    data = make()  # type: ignore[operator]
    path = tmp_path / name
    path.write_bytes(data)
    checked = validate(path)
    assert (checked.mime, checked.pages, checked.size, checked.path) == (mime, 1, len(data), path)
    assert len(checked.sha256) == 64


def test_validate_accepts_pdf_by_content_when_named_jpg(tmp_path: Path) -> None:
    path = tmp_path / "scan.jpg"
    path.write_bytes(text_pdf(TEXT))
    assert validate(path).mime is Mime.PDF


def test_validate_reports_text_layer_hint() -> None:
    assert validate_bytes("a.pdf", text_pdf(TEXT)).has_text_layer is True
    assert validate_bytes("b.pdf", image_pdf(TEXT)).has_text_layer is False


def test_validate_bytes_gives_same_result_as_validate(tmp_path: Path) -> None:
    data = text_pdf(TEXT)
    path = tmp_path / "a.pdf"
    path.write_bytes(data)
    from_path, from_bytes = validate(path), validate_bytes("a.pdf", data)
    assert (from_bytes.path, from_bytes.sha256, from_bytes.pages) == (None, from_path.sha256, from_path.pages)


def test_validate_refuses_too_large_with_size_in_message(tmp_path: Path) -> None:
    path = tmp_path / "big.jpg"
    path.write_bytes(b"\xff\xd8\xff" + bytes(1_468_006))
    with pytest.raises(FileRejected) as caught:
        validate(path)
    assert caught.value.reason is RejectReason.TOO_LARGE
    assert "Файл больше 1 МБ (1,4 МБ)" in caught.value.message


def test_validate_accepts_pdf_with_owner_password_only() -> None:
    import io

    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(text_pdf(TEXT))))
    writer.encrypt(user_password="", owner_password="owner", algorithm="AES-128")
    buf = io.BytesIO()
    writer.write(buf)
    assert validate_bytes("restricted.pdf", buf.getvalue()).pages == 1


def test_validate_refuses_pages_over_limit_when_limit_lowered() -> None:
    with pytest.raises(FileRejected) as caught:
        validate_bytes("two.pdf", text_pdf(TEXT + "\f" + TEXT), limits=Limits(max_pages=1))
    assert caught.value.reason is RejectReason.TOO_MANY_PAGES


def test_validate_package_refuses_total_over_5_mb(tmp_path: Path) -> None:
    paths = []
    for n in range(6):
        path = tmp_path / f"{n}.jpg"
        path.write_bytes(b"\xff\xd8\xff" + bytes(1_000_000))
        paths.append(path)
    with pytest.raises(FileRejected) as caught:
        validate_package(paths)
    assert caught.value.reason is RejectReason.PACKAGE_TOO_LARGE
    assert "5 МБ (5,7 МБ)" in caught.value.message


def test_validate_package_refuses_same_file_twice(tmp_path: Path) -> None:
    data = text_pdf(TEXT)
    (tmp_path / "a.pdf").write_bytes(data)
    (tmp_path / "b.pdf").write_bytes(data)
    with pytest.raises(FileRejected) as caught:
        validate_package([tmp_path / "a.pdf", tmp_path / "b.pdf"])
    assert (caught.value.reason, caught.value.name) == (RejectReason.DUPLICATE, "b.pdf")


def test_validate_package_returns_each_file_checked(tmp_path: Path) -> None:
    (tmp_path / "a.pdf").write_bytes(text_pdf(TEXT))
    (tmp_path / "b.jpg").write_bytes(jpeg_scan(TEXT))
    assert [c.mime for c in validate_package([tmp_path / "a.pdf", tmp_path / "b.jpg"])] == [
        Mime.PDF,
        Mime.JPEG,
    ]


def test_validate_refuses_unreadable_when_file_vanished(tmp_path: Path) -> None:
    with pytest.raises(FileRejected) as caught:
        validate(tmp_path / "gone.pdf")
    assert caught.value.reason is RejectReason.UNREADABLE


def test_sniff_names_real_format() -> None:
    assert [sniff(hostile.png()), sniff(hostile.zip_archive()), sniff(b"hello")] == [
        "PNG",
        "ZIP",
        "неизвестный формат",
    ]


def test_jpeg_dimensions_reads_header_without_decoding() -> None:
    assert jpeg_dimensions(hostile.jpeg_bomb(70_000 // 2, 1234)) == (35_000, 1234)


def test_describe_gives_russian_text_for_every_reason() -> None:
    for reason in RejectReason:
        text = describe(reason, "деталь")
        assert "(деталь)" in text and text.endswith(".")


def test_file_rejected_survives_pickling() -> None:
    import pickle

    again = pickle.loads(pickle.dumps(FileRejected(RejectReason.EMPTY, "x", name="a.pdf")))
    assert (again.reason, again.detail, again.name) == (RejectReason.EMPTY, "x", "a.pdf")


def test_run_sandboxed_kills_child_when_wall_time_passes() -> None:
    started = time.monotonic()
    with pytest.raises(SandboxTimeout):
        run_sandboxed(time.sleep, 30, limits=ChildLimits(timeout_seconds=0.5))
    assert time.monotonic() - started < 3


def test_run_sandboxed_reports_crash_when_memory_limit_reached() -> None:
    with pytest.raises(SandboxCrashed):
        run_sandboxed(bytearray, 2 * 1024**3, limits=ChildLimits(memory_bytes=512 * 1024**2))


def test_run_sandboxed_reports_foreign_exception_of_function_as_sandbox_raised() -> None:
    with pytest.raises(SandboxRaised) as raised:
        run_sandboxed(int, "x", limits=ChildLimits())
    assert raised.value.kind == "ValueError" and "invalid literal" in raised.value.what
    assert raised.value.message == "ошибка разбора ValueError"


def test_run_sandboxed_reraises_our_refusal_as_it_is() -> None:
    with pytest.raises(FileRejected) as caught:
        run_sandboxed(hostile.refuse_in_child, limits=ChildLimits())
    assert caught.value.reason is RejectReason.EMPTY


def test_validate_refuses_when_parser_raises_anything(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any exception inside the sandboxed parse is a refusal of that file, never our crash."""
    monkeypatch.setattr("tasks.validate.probe_pdf", hostile.parser_that_raises)
    with pytest.raises(FileRejected) as caught:
        validate_bytes("letter.pdf", text_pdf(TEXT))
    assert caught.value.reason is RejectReason.PARSE_FAILED
    assert "KeyError" in caught.value.message


@pytest.mark.parametrize(
    ("make", "reason"),
    [
        (hostile.flate_bomb_content, RejectReason.STREAM_BOMB),
        (hostile.heavy_content, RejectReason.TOO_COMPLEX),
    ],
)
def test_validate_refuses_at_once_what_would_choke_extraction(make: object, reason: RejectReason) -> None:
    """GIVEN a PDF that extraction could not read (a bomb, millions of operators)
    THEN validation refuses it with its own reason, in a few seconds, before extraction sees it."""
    started = time.monotonic()
    with pytest.raises(FileRejected) as caught:
        validate_bytes("x.pdf", make())  # type: ignore[operator]
    assert caught.value.reason is reason
    assert time.monotonic() - started < 10


def test_validate_accepts_stream_under_every_decode_limit() -> None:
    data = hostile.small_double_flate()
    with pytest.raises(FileRejected) as caught:
        validate_bytes("x.pdf", data)
    assert "сжатие" in caught.value.detail
    loose = DecodeLimits(max_ratio=10**9)
    from pypdf import PdfReader

    inspect_pdf(PdfReader(io.BytesIO(data)), max_pixels=10**8, limits=loose)


def test_validate_refuses_with_parse_timeout_when_parsing_runs_too_long() -> None:
    thick = hostile.many_pages_pdf(3000)
    with pytest.raises(FileRejected) as caught:
        validate_bytes("thick.pdf", thick, limits=Limits(max_pages=10_000, timeout_seconds=0.02))
    assert caught.value.reason is RejectReason.PARSE_TIMEOUT


def test_validate_refuses_with_parse_failed_when_memory_limit_reached() -> None:
    with pytest.raises(FileRejected) as caught:
        validate_bytes("scan.jpg", jpeg_scan(TEXT), limits=Limits(max_memory_bytes=32 * 1024**2))
    assert caught.value.reason is RejectReason.PARSE_FAILED
    assert "памяти" in caught.value.message or "прерван" in caught.value.message
