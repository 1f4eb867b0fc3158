"""The outgoing package's refusals: codes to compare, Russian messages to show, no "code:message" strings."""

from __future__ import annotations

import pytest

from config.errors import ActionRefused
from tasks.outgoing import LetterInvalid, LetterProblem, OutgoingError, OutgoingProblem
from tasks.outgoing.errors import DeleteRefused
from tasks.outgoing.letters import AttachmentFile, AttachmentLimits, Problem, check_attachments
from tasks.print_forms import check_neutral
from tasks.print_forms.neutral import EnvelopeProblem, RevealsDebt


def test_letter_invalid_lists_each_problem_with_its_code_and_russian_message() -> None:
    problems = [
        LetterProblem(Problem.NO_RECIPIENT, "Не указан получатель."),
        LetterProblem(Problem.BAD_ENVELOPE, "Конверт: DL или C5."),
    ]
    error = LetterInvalid(problems)
    assert isinstance(error, OutgoingError) and isinstance(error, ActionRefused)
    assert error.code is OutgoingProblem.LETTER_INVALID
    assert [p.code for p in error.problems] == [Problem.NO_RECIPIENT, Problem.BAD_ENVELOPE]
    assert error.message == "Не указан получатель.\nКонверт: DL или C5."


def test_attachment_problems_are_records_not_glued_strings() -> None:
    files = [AttachmentFile(f"{n}.pdf", b"%PDF-1.4 " + bytes([n]) * 10) for n in range(6)]
    _, problems = check_attachments(files, limits=AttachmentLimits(max_total_bytes=20))
    assert problems and all(isinstance(p, LetterProblem) for p in problems)
    assert all(isinstance(p.code, Problem) and ":" not in p.code for p in problems)
    assert all(not p.message.startswith(p.code) for p in problems)


def test_delete_refused_keeps_its_code_and_the_detail_for_the_logs() -> None:
    error = DeleteRefused(
        OutgoingProblem.POCHTA_REFUSED, "Почта России не дала удалить заказ: x", detail="E1"
    )
    assert isinstance(error, OutgoingError)
    assert (error.code, error.detail) == (OutgoingProblem.POCHTA_REFUSED, "E1")


def test_reveals_debt_is_an_action_refused_with_its_code() -> None:
    with pytest.raises(ActionRefused) as info:
        check_neutral("Коллекторское агентство")
    assert isinstance(info.value, RevealsDebt) and info.value.code is EnvelopeProblem.REVEALS_DEBT
    assert "230-ФЗ" in info.value.message
