"""Whatever a shared folder can hold is claimed and then registered or refused, never followed.

Links (to files, to folders, dangling), FIFOs, names that are not UTF-8 or 255 bytes long, and
folders nested 20 levels: each is taken as itself, with a safe name, and one bad entry never
stops the round.
"""

from __future__ import annotations

import os
import socket
import stat
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import IntakeFile
from tasks.ingest import intake
from tasks.ingest.filing import (
    CLAIM_MAX,
    NAME_MAX,
    display_name,
    move_into_place,
    rejected_path,
    write_reason,
)
from tasks.ingest.intake import claim, record_claims, signature, stuck_entries
from tasks.ingest.model import ClaimedEnvelope
from tasks.rejections import FileRejected, RejectReason
from tasks.validate import read_regular, validate_file

SECRET = b"%PDF-1.4 outside the inbox %%EOF"


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    folder = tmp_path / "outside"
    folder.mkdir()
    (folder / "secret.pdf").write_bytes(SECRET)
    (folder / "notes.txt").write_text("не трогать")
    return folder


def test_claim_takes_a_link_to_a_folder_as_a_link_and_leaves_the_folder_alone(
    inbox: Path, processing: Path, outside: Path
) -> None:
    (inbox / "linked").symlink_to(outside, target_is_directory=True)
    (envelope,) = claim(inbox, processing)
    assert envelope.file_claims == (envelope.claim_name,)  # one entry: the link, not its files
    assert (processing / envelope.claim_name).is_symlink()
    assert sorted(p.name for p in outside.iterdir()) == ["notes.txt", "secret.pdf"]


def test_claim_flattens_a_folder_without_descending_into_a_linked_folder(
    inbox: Path, processing: Path, outside: Path
) -> None:
    (inbox / "envelope").mkdir()
    (inbox / "envelope" / "scan.pdf").write_bytes(b"%PDF-1.4 mine")
    (inbox / "envelope" / "more").symlink_to(outside, target_is_directory=True)
    (envelope,) = claim(inbox, processing)
    names = [c.split("/", 1)[1] for c in envelope.file_claims]
    assert names == ["more", "scan.pdf"]
    assert (processing / envelope.file_claims[0]).is_symlink()
    assert sorted(p.name for p in outside.iterdir()) == ["notes.txt", "secret.pdf"]


@pytest.mark.parametrize("kind", ["file link", "dangling link", "fifo", "proc link", "device", "socket"])
def test_read_regular_refuses_what_is_not_a_regular_file_without_reading_it(
    tmp_path: Path, outside: Path, kind: str
) -> None:
    entry = tmp_path / "entry.pdf"
    if kind == "device":
        if os.geteuid() != 0:
            pytest.skip("creating a device node needs root")
        os.mknod(entry, stat.S_IFCHR | 0o600, os.makedev(1, 5))  # /dev/zero: reading never ends
    elif kind == "socket":
        listener = socket.socket(socket.AF_UNIX)
        listener.bind(str(entry))
        listener.close()
    elif kind == "file link":
        entry.symlink_to(outside / "secret.pdf")
    elif kind == "dangling link":
        entry.symlink_to(tmp_path / "nowhere.pdf")
    elif kind == "proc link":
        entry.symlink_to("/proc/self/environ")
    else:
        os.mkfifo(entry)  # opening it for reading would block forever
    with pytest.raises(FileRejected) as caught:
        validate_file(entry)
    assert caught.value.reason is RejectReason.NOT_REGULAR_FILE
    assert any(word in caught.value.message for word in ("ссылка", "канал", "устройство", "сокет"))


def test_read_regular_does_not_pass_through_a_linked_folder_below_root(tmp_path: Path, outside: Path) -> None:
    root = tmp_path / "root"
    root.mkdir()
    (root / "claim").symlink_to(outside, target_is_directory=True)
    with pytest.raises(FileRejected) as caught:
        read_regular(root / "claim" / "secret.pdf", max_bytes=1 << 20, root=root)
    assert caught.value.reason is RejectReason.NOT_REGULAR_FILE


def test_move_into_place_moves_a_dangling_link_as_itself(tmp_path: Path) -> None:
    link = tmp_path / "link.pdf"
    link.symlink_to(tmp_path / "nowhere")
    target = tmp_path / "rejected" / "link.pdf"
    assert move_into_place(link, target) is True
    assert target.is_symlink() and not os.path.lexists(link)


def test_move_into_place_refuses_to_move_through_a_linked_folder(tmp_path: Path, outside: Path) -> None:
    root = tmp_path / "processing"
    root.mkdir()
    (root / "claim").symlink_to(outside, target_is_directory=True)
    assert move_into_place(root / "claim" / "secret.pdf", tmp_path / "archive" / "x.pdf", root=root) is False
    assert (outside / "secret.pdf").read_bytes() == SECRET


def test_record_claims_never_hashes_through_a_link(
    session: Session, inbox: Path, processing: Path, outside: Path
) -> None:
    (inbox / "passwd.pdf").symlink_to(outside / "secret.pdf")
    os.mkfifo(inbox / "pipe.pdf")
    envelopes = claim(inbox, processing)
    assert len(envelopes) == 2
    record_claims(session, envelopes, processing)  # would block on the FIFO if it opened it
    rows = session.scalars(select(IntakeFile)).all()
    assert [(r.sha256, r.size) for r in rows] == [(None, None), (None, None)]


def test_signature_sees_links_and_fifos_without_following_them(inbox: Path, outside: Path) -> None:
    (inbox / "link").symlink_to(outside, target_is_directory=True)
    os.mkfifo(inbox / "pipe")
    assert signature(inbox / "link") is not None and len(signature(inbox / "link") or ()) == 1
    assert signature(inbox / "pipe") is not None


NON_UTF8 = os.fsdecode("Постановление №5.pdf".encode("cp1251"))
LONG = "П" * 125 + ".pdf"  # 254 bytes: at the limit of the file system
NAMES = [
    NON_UTF8,
    LONG,
    "строка\nвторая.pdf",
    "\u202efdp.exe",
    "Решение\u200b\u0306.pdf",
    "И\u0306ошкар-Ола.pdf",
]


@pytest.mark.parametrize("name", NAMES, ids=["cp1251", "255-bytes", "newline", "rtl", "nfd-breve", "nfd"])
def test_claim_and_record_any_name_the_file_system_allows(
    session: Session, inbox: Path, processing: Path, name: str
) -> None:
    (inbox / name).write_bytes(b"%PDF-1.4")
    (envelope,) = claim(inbox, processing)
    record_claims(session, [envelope], processing)
    row = session.scalars(select(IntakeFile)).one()
    assert len(envelope.claim_name.encode()) <= CLAIM_MAX
    rejected = rejected_path(inbox / "rejected", file_claim=envelope.claim_name)
    assert len((rejected.name + ".reason.txt.tmp").encode()) <= NAME_MAX
    assert row.original_name == display_name(name)
    assert row.original_name.isprintable()
    assert "\u202e" not in row.original_name and "\n" not in row.original_name


def test_display_name_reads_cp1251_and_composes_letters() -> None:
    assert display_name(NON_UTF8) == "Постановление №5.pdf"
    assert display_name("И\u0306ошкар-Ола.pdf") == "Йошкар-Ола.pdf"
    assert display_name(LONG).endswith(".pdf")


def test_claim_flattens_a_folder_nested_twenty_levels_with_long_names(
    session: Session, inbox: Path, processing: Path
) -> None:
    """GIVEN a folder 20 levels deep with 200-byte folder names (a path past PATH_MAX)
    WHEN claimed THEN it is one envelope of its files, each with a short claim name."""
    top = inbox / "глубокая папка"
    descriptor = os.open(inbox, os.O_RDONLY)
    os.mkdir("глубокая папка", dir_fd=descriptor)
    os.close(descriptor)
    folder_fd = os.open(top, os.O_RDONLY)
    for level in range(20):
        name = f"{level:02d}" + "ж" * 99
        os.mkdir(name, dir_fd=folder_fd)
        inner = os.open(name, os.O_RDONLY, dir_fd=folder_fd)
        scan = os.open(f"scan{level}.pdf", os.O_WRONLY | os.O_CREAT, dir_fd=inner)
        os.write(scan, b"%%PDF-1.4 level %d" % level)
        os.close(scan)
        os.close(folder_fd)
        folder_fd = inner
    os.close(folder_fd)
    found = signature(top)
    assert found is not None and len(found) == 20  # the watcher can see it settle
    (envelope,) = claim(inbox, processing)
    assert len(envelope.file_claims) == 20
    assert all(len(c.encode()) <= 300 for c in envelope.file_claims)
    record_claims(session, [envelope], processing)
    assert session.scalar(
        select(IntakeFile.original_name).where(IntakeFile.claim_name == envelope.file_claims[5])
    )
    assert list(inbox.iterdir()) == [processing]


def test_claim_goes_on_past_an_entry_it_cannot_move_and_reports_it_once(
    inbox: Path, processing: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    (inbox / "a.pdf").write_bytes(b"a")
    (inbox / "stuck.pdf").write_bytes(b"b")
    (inbox / "z.pdf").write_bytes(b"c")
    real = intake._claim_one

    def flaky(inbox_: Path, processing_: Path, name: str) -> ClaimedEnvelope | None:
        if name == "stuck.pdf":
            raise PermissionError(13, "Отказано в доступе")
        return real(inbox_, processing_, name)

    monkeypatch.setattr(intake, "_claim_one", flaky)
    claimed = claim(inbox, processing)
    assert sorted(e.claim_name.split("__", 1)[1] for e in claimed) == ["a.pdf", "z.pdf"]
    assert "stuck.pdf" in stuck_entries(inbox)
    assert "Отказано в доступе" in stuck_entries(inbox)["stuck.pdf"]
    claim(inbox, processing)
    assert sum("Cannot claim" in r.getMessage() for r in caplog.records) == 1
    monkeypatch.setattr(intake, "_claim_one", real)
    claim(inbox, processing)
    assert stuck_entries(inbox) == {}


def test_write_reason_never_writes_through_a_link_planted_in_rejected(tmp_path: Path, outside: Path) -> None:
    rejected = tmp_path / "rejected"
    rejected.mkdir()
    (rejected / "scan.pdf.reason.txt.tmp").symlink_to(outside / "notes.txt")
    write_reason(rejected / "scan.pdf", "Файл пустой.")
    assert (outside / "notes.txt").read_text() == "не трогать"
    assert (rejected / "scan.pdf.reason.txt").read_text(encoding="utf-8") == "Файл пустой.\n"


def test_resumable_flattens_an_unrecorded_nested_folder_an_older_version_claimed(
    session: Session, processing: Path
) -> None:
    """GIVEN a folder claimed by an older version (nested, a non-UTF-8 name inside) and no rows
    WHEN a restart resumes THEN it is recorded as one flat envelope with safe names."""
    legacy = processing / "20260101000000-0000abcd__конверт"
    (legacy / "вложенная").mkdir(parents=True)
    (legacy / "вложенная" / os.fsdecode("акт.pdf".encode("cp1251"))).write_bytes(b"%PDF-1.4 a")
    (legacy / "письмо.pdf").write_bytes(b"%PDF-1.4 b")
    (envelope,) = intake.resumable(processing, session)
    assert [c.split("/", 1)[1] for c in envelope.file_claims] == ["акт.pdf", "письмо.pdf"]
    names = sorted(session.scalars(select(IntakeFile.original_name)))
    assert names == ["акт.pdf", "письмо.pdf"]


def test_stuck_list_forgets_an_entry_that_left_the_inbox_and_never_reads_through_a_link(
    inbox: Path, processing: Path, monkeypatch: pytest.MonkeyPatch, outside: Path
) -> None:
    (inbox / "stuck.pdf").write_bytes(b"b")

    def refuse(_inbox: Path, _processing: Path, _name: str) -> ClaimedEnvelope | None:
        raise PermissionError(13, "Отказано в доступе")

    monkeypatch.setattr(intake, "_claim_one", refuse)
    claim(inbox, processing)
    assert list(stuck_entries(inbox)) == ["stuck.pdf"]
    (inbox / "stuck.pdf").unlink()  # an operator took it away
    claim(inbox, processing)
    assert stuck_entries(inbox) == {}
    (inbox / ".stuck.json").unlink(missing_ok=True)
    (outside / "list.json").write_text('{"чужое": "из-за ссылки"}', encoding="utf-8")
    (inbox / ".stuck.json").symlink_to(outside / "list.json")
    assert stuck_entries(inbox) == {}
