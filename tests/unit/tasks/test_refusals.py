"""The one exception tree (config.errors): every refusal of ours is in its family, with a code and Russian.

Callers catch a family or a class and show ``message``; stored and compared is ``code``. These
tests fail when a class leaves its family, loses its code enum or its Russian text.
"""

from __future__ import annotations

import re
from enum import StrEnum

import pytest

from config.errors import ActionRefused, KorrespondentError, RowRefused, ServiceFailed
from tasks.clerk_requests import RequestFailed, RequestProblem
from tasks.database import DatabaseOutdated, DatabaseProblem
from tasks.imports.csvfile import CsvFileError, CsvProblem
from tasks.imports.rows import RowInvalid, RowProblem
from tasks.ocr import OcrError, OcrFailed, OcrProblem, OcrUnavailable
from tasks.outgoing.errors import (
    DeleteRefused,
    LetterInvalid,
    LetterProblem,
    OutgoingError,
    OutgoingProblem,
    TransitionNotAllowed,
)
from tasks.outgoing.letters import Problem
from tasks.print_forms.neutral import EnvelopeProblem, RevealsDebt
from tasks.register import DuplicateContent, RegistrationError, RegistrationProblem
from tasks.review import ReviewError, ReviewProblem
from tasks.sandboxed import SandboxCrashed, SandboxProblem, SandboxRaised, SandboxTimeout
from tasks.users import UserError, UserProblem

CYRILLIC = re.compile("[А-Яа-яЁё]")
SNAKE = re.compile(r"^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$")

# (family, the error as raised, the enum its code comes from)
CASES: list[tuple[type[KorrespondentError], KorrespondentError, type[StrEnum]]] = [
    (
        ActionRefused,
        RegistrationError(RegistrationProblem.NO_PACKAGES, "Добавьте пакет."),
        RegistrationProblem,
    ),
    (ActionRefused, DuplicateContent("ab" * 32, "ВХ-2026-000001"), RegistrationProblem),
    (ActionRefused, UserError(UserProblem.LOGIN_TAKEN, "Пользователь «anna» уже существует."), UserProblem),
    (ActionRefused, ReviewError(ReviewProblem.ALREADY_REVIEWED, "Документ уже разобран."), ReviewProblem),
    (ActionRefused, DatabaseOutdated(DatabaseProblem.SCHEMA_OUTDATED, "Схема устарела."), DatabaseProblem),
    (ActionRefused, RequestFailed(RequestProblem.UNKNOWN_KIND, "Неизвестный вид запроса."), RequestProblem),
    (ActionRefused, RevealsDebt("ООО «Взыскание»", "Взыск"), EnvelopeProblem),
    (
        ActionRefused,
        OutgoingError(OutgoingProblem.LETTER_NOT_FOUND, "Письмо № 1 не найдено."),
        OutgoingProblem,
    ),
    (
        ActionRefused,
        LetterInvalid([LetterProblem(Problem.NO_RECIPIENT, "Не указан получатель.")]),
        OutgoingProblem,
    ),
    (ActionRefused, TransitionNotAllowed("delivered", "draft"), OutgoingProblem),
    (ActionRefused, DeleteRefused(OutgoingProblem.CHECKED_IN, "Партия уже передана."), OutgoingProblem),
    (RowRefused, RowInvalid(RowProblem.NO_CLIENT, "не заполнен клиент (client)"), RowProblem),
    (RowRefused, CsvFileError(CsvProblem.EMPTY_FILE, "Файл пуст."), CsvProblem),
    (ServiceFailed, OcrUnavailable("программа распознавания текста не найдена"), OcrProblem),
    (ServiceFailed, OcrFailed(OcrProblem.TIMEOUT, "распознавание не уложилось во время"), OcrProblem),
    (ServiceFailed, SandboxTimeout(60), SandboxProblem),
    (ServiceFailed, SandboxCrashed(None, "memory limit reached"), SandboxProblem),
    (ServiceFailed, SandboxRaised("KeyError", "'/Root'"), SandboxProblem),
]


@pytest.mark.parametrize(("family", "error", "codes"), CASES, ids=lambda v: type(v).__name__)
def test_every_refusal_is_in_its_family_with_a_code_and_a_russian_message(
    family: type[KorrespondentError], error: KorrespondentError, codes: type[StrEnum]
) -> None:
    assert isinstance(error, family) and isinstance(error, KorrespondentError)
    assert isinstance(error.code, codes)
    assert error.message and CYRILLIC.search(error.message)
    assert str(error) == error.message


@pytest.mark.parametrize(("family", "error", "codes"), CASES, ids=lambda v: type(v).__name__)
def test_refusals_are_no_longer_builtin_value_or_runtime_errors(
    family: type[KorrespondentError], error: KorrespondentError, codes: type[StrEnum]
) -> None:
    # Callers catch our classes or families; a ValueError from a bug must not pass for a refusal.
    assert not isinstance(error, (ValueError, RuntimeError))


def test_the_families_do_not_overlap() -> None:
    families = (ActionRefused, RowRefused, ServiceFailed)
    for family in families:
        assert issubclass(family, KorrespondentError)
        assert not any(issubclass(family, other) for other in families if other is not family)
    assert issubclass(OcrError, ServiceFailed) and issubclass(OutgoingError, ActionRefused)


@pytest.mark.parametrize(
    "codes",
    [
        RegistrationProblem,
        UserProblem,
        ReviewProblem,
        DatabaseProblem,
        RequestProblem,
        EnvelopeProblem,
        OutgoingProblem,
        Problem,
        RowProblem,
        CsvProblem,
        OcrProblem,
        SandboxProblem,
    ],
)
def test_codes_are_english_snake_case_machine_words(codes: type[StrEnum]) -> None:
    assert all(SNAKE.fullmatch(member.value) for member in codes), list(codes)
