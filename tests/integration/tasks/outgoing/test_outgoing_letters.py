"""Creating letters in the database (SQLite and PostgreSQL)."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from config.errors import ActionRefused
from db.models import AuditLog, Blob, Debtor, OutgoingTransition
from tasks.outgoing import AttachmentFile, LetterInvalid, OutgoingProblem, create_letter
from tasks.outgoing.letters import Problem
from tests.unit.tasks.outgoing.outgoing_factories import draft, make_letter, pdf_bytes


def test_create_letter_numbers_drafts_and_records_history(session: Session) -> None:
    first, second = make_letter(session, 1), make_letter(session, 2)
    assert first.reg_number.startswith("ИСХ-") and first.reg_number < second.reg_number
    assert first.state == "draft" and first.recipient_index == "115551"
    transition = session.scalars(
        select(OutgoingTransition).where(OutgoingTransition.outgoing_id == first.id)
    ).one()
    assert (transition.from_state, transition.to_state, transition.actor) == (None, "draft", "tester")
    assert session.scalars(select(AuditLog).where(AuditLog.action == "outgoing.create")).all()


def test_create_letter_stores_attachments_once_by_content_and_weighs_pages(session: Session) -> None:
    data = pdf_bytes(3)
    letter = create_letter(
        session, draft(attachments=[AttachmentFile("Претензия.pdf", data)]), actor="tester"
    )
    other = create_letter(session, draft(2, attachments=[AttachmentFile("Копия.pdf", data)]), actor="tester")
    assert [(a.file_name, a.page_count, a.mime) for a in letter.attachments] == [
        ("Претензия.pdf", 3, "application/pdf")
    ]
    assert letter.attachments[0].sha256 == other.attachments[0].sha256
    assert session.get(Blob, letter.attachments[0].sha256) is not None
    assert letter.weight_grams == 5 + 5 * 4


def test_create_letter_refuses_with_every_problem_in_russian(session: Session) -> None:
    bad = draft(
        recipient_name="",
        recipient_address="где-то",
        with_inventory=True,
        attachments=[AttachmentFile("scan.pdf", b"GIF89a....")],
    )
    with pytest.raises(LetterInvalid) as info:
        create_letter(session, bad, actor="tester")
    codes = {p.code for p in info.value.problems}
    assert codes >= {
        Problem.NO_RECIPIENT,
        Problem.BAD_INDEX,
        Problem.INVENTORY_NEEDS_VALUE,
        Problem.FILE_REFUSED,
    }
    assert info.value.code == OutgoingProblem.LETTER_INVALID and isinstance(info.value, ActionRefused)
    assert info.value.message.splitlines() == [p.message for p in info.value.problems]
    assert "Опись вложения (ф.107) возможна только для ценного письма." in info.value.message


def test_create_letter_takes_name_and_address_from_the_debtor(session: Session) -> None:
    debtor = Debtor(full_name="Петров Сергей Иванович", address="630099, г. Новосибирск, ул. Ленина, д. 1")
    session.add(debtor)
    session.flush()
    letter = create_letter(
        session, draft(recipient_name="", recipient_address="", debtor_id=debtor.id), actor="tester"
    )
    assert (letter.recipient_name, letter.recipient_index) == ("Петров Сергей Иванович", "630099")


def test_create_letter_valuable_gets_default_declared_value(session: Session) -> None:
    letter = make_letter(session, mail_category="WITH_DECLARED_VALUE", with_inventory=True)
    assert letter.declared_value_kopecks == 100 and letter.with_inventory
