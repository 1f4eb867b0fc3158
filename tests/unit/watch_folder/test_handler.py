"""The observer's handler only maps event paths to inbox entry names."""

from __future__ import annotations

from pathlib import Path

from watchdog.events import DirCreatedEvent, FileCreatedEvent, FileModifiedEvent, FileMovedEvent

from watch_folder.handler import InboxHandler, entry_name


def test_entry_name_is_the_top_level_name_and_skips_ignored_paths(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    assert entry_name(inbox, str(inbox / "scan.pdf")) == "scan.pdf"
    assert entry_name(inbox, str(inbox / "envelope" / "1.pdf")) == "envelope"
    assert entry_name(inbox, str(inbox / ".processing" / "x__scan.pdf")) is None
    assert entry_name(inbox, str(inbox / "scan.pdf.part")) is None
    assert entry_name(inbox, str(inbox)) is None
    assert entry_name(inbox, str(tmp_path / "elsewhere.pdf")) is None


def test_inbox_handler_notices_both_ends_of_a_move(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    noticed: list[str] = []
    handler = InboxHandler(inbox, noticed.append)
    handler.dispatch(FileCreatedEvent(str(inbox / "a.pdf")))
    handler.dispatch(FileModifiedEvent(str(inbox / "a.pdf")))
    handler.dispatch(DirCreatedEvent(str(inbox / "envelope")))
    handler.dispatch(FileMovedEvent(str(inbox / "b.pdf.part"), str(inbox / "b.pdf")))
    assert noticed == ["a.pdf", "a.pdf", "envelope", "b.pdf"]
