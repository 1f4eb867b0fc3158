"""One exception tree for everything of ours that a person or an operator is told about.

::

    KorrespondentError            .code (a StrEnum member, stored and tested), .message (Russian)
    ├── FileRefused               an incoming file or package is refused
    │   └── tasks.rejections.FileRejected                       RejectReason
    ├── RowRefused                a CSV row or a whole import file is refused
    │   ├── tasks.imports.rows.RowInvalid                       RowProblem
    │   └── tasks.imports.csvfile.CsvFileError                  CsvProblem
    ├── ActionRefused             what a clerk, an admin or the CLI asked for cannot be done
    │   ├── config.settings.SettingsRefused                     SettingsProblem
    │   ├── tasks.register.RegistrationError                    RegistrationProblem
    │   │   └── DuplicateContent
    │   ├── tasks.review.ReviewError                            ReviewProblem
    │   ├── tasks.users.UserError                               UserProblem
    │   ├── tasks.database.DatabaseOutdated                     DatabaseProblem
    │   ├── tasks.clerk_requests.RequestFailed                  RequestProblem (or the cause's code)
    │   ├── tasks.print_forms.neutral.RevealsDebt               EnvelopeProblem
    │   └── tasks.outgoing.errors.OutgoingError                 OutgoingProblem
    │       ├── LetterInvalid     .problems: LetterProblem(code: letters.Problem, message)
    │       ├── TransitionNotAllowed
    │       └── DeleteRefused
    └── ServiceFailed             a service outside our code failed
        ├── tasks.ocr.OcrError (OcrUnavailable, OcrFailed)      OcrProblem
        ├── tasks.sandboxed.SandboxError                        SandboxProblem
        │   (SandboxTimeout, SandboxCrashed, SandboxRaised: the parsing child gave no result;
        │    validation turns each into a refused file, extraction into text not read)
        └── config.blob_store.BlobError (BlobCorrupted, BlobMissing)  BlobProblem

The right column is the StrEnum a class's ``code`` comes from, defined beside the class.

Refusals are normal outcomes: the caller shows ``message`` and stores ``code``; they are never
retried, because the same input gives the same answer. ``ServiceFailed`` may pass by itself.
Russian Post's client keeps its own tree (``pochta.PochtaError``), as a library should; our code
turns it into an outcome where it is caught. An exception outside this tree is our bug: it is
never turned into a refusal.
"""

from __future__ import annotations

from enum import StrEnum


class KorrespondentError(Exception):
    """Base of our errors: a machine ``code`` and a Russian ``message`` for people."""

    def __init__(self, code: StrEnum, message: str) -> None:
        super().__init__(message)
        self.code = code
        self._message = message

    @property
    def message(self) -> str:
        """The Russian text for people."""
        return self._message

    def __str__(self) -> str:
        return self.message


class FileRefused(KorrespondentError):
    """An incoming file (or a whole package) is refused; never retried."""


class RowRefused(KorrespondentError):
    """A row of an imported file, or the whole file, is refused; the rest of the import goes on."""


class ActionRefused(KorrespondentError):
    """What someone asked for cannot be done as asked; nothing was changed."""


class ServiceFailed(KorrespondentError):
    """A service we depend on failed; trying again later may succeed."""
