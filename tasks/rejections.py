"""Why a file was refused: machine codes, their Russian texts, and the one exception that carries them.

The pipeline stores the code (``RejectReason``) and the detail; the UI and the ``.reason.txt`` beside a
refused file show ``describe(reason, detail)``. Codes never change meaning once stored: add new ones.

Exceptions::

    FileRejected          a file (or a package) is refused; .reason (= .code), .detail, .name
                          (a config.errors.FileRefused)
"""

from __future__ import annotations

from enum import StrEnum

from config.errors import FileRefused


class RejectReason(StrEnum):
    """Machine codes for a refusal, stored as they are."""

    EMPTY = "empty"
    UNREADABLE = "unreadable"
    TOO_LARGE = "too_large"
    PACKAGE_TOO_LARGE = "package_too_large"
    UNSUPPORTED_TYPE = "unsupported_type"
    MISLABELLED = "mislabelled"
    BROKEN_PDF = "broken_pdf"
    TRUNCATED = "truncated"
    ENCRYPTED = "encrypted"
    TOO_MANY_PAGES = "too_many_pages"
    DECOMPRESSION_BOMB = "decompression_bomb"
    BROKEN_IMAGE = "broken_image"
    PARSE_TIMEOUT = "parse_timeout"
    PARSE_FAILED = "parse_failed"
    DUPLICATE = "duplicate"
    NOT_REGULAR_FILE = "not_regular_file"
    STREAM_BOMB = "stream_bomb"
    TOO_COMPLEX = "too_complex"
    STACK_TOO_LARGE = "stack_too_large"
    DOCUMENT_TOO_LARGE = "document_too_large"


_FIX_SCAN = "Отсканируйте документ заново"

_TEXTS: dict[RejectReason, str] = {
    RejectReason.EMPTY: "Файл пустой{d}: в нём 0 байт. Вероятно, сканирование или копирование прервалось. "
    + _FIX_SCAN
    + ".",
    RejectReason.UNREADABLE: "Файл не удалось прочитать{d}. Проверьте, что он не удалён и не открыт "
    "в другой программе, и положите его в папку ещё раз.",
    RejectReason.TOO_LARGE: "Файл больше 1 МБ{d}. Отсканируйте с меньшим разрешением (150–200 dpi, "
    "оттенки серого) или разделите документ на части.",
    RejectReason.PACKAGE_TOO_LARGE: "Пакет документов больше 5 МБ{d}. Разделите его на несколько "
    "пакетов или отсканируйте с меньшим разрешением.",
    RejectReason.UNSUPPORTED_TYPE: "Формат файла не поддерживается{d}. Принимаются только PDF и JPEG: "
    "сохраните или отсканируйте документ в одном из этих форматов.",
    RejectReason.MISLABELLED: "Расширение файла не соответствует содержимому{d}. Принимаются только "
    "настоящие PDF и JPEG: переименование файла не меняет его формат, сохраните документ в PDF или JPEG.",
    RejectReason.BROKEN_PDF: "PDF-файл повреждён и не открывается{d}. " + _FIX_SCAN + " или запросите "
    "у отправителя исправный файл.",
    RejectReason.TRUNCATED: "PDF-файл обрезан: нет его окончания{d}. Вероятно, файл скопирован не до "
    "конца. Скопируйте его ещё раз или " + _FIX_SCAN.lower() + ".",
    RejectReason.ENCRYPTED: "PDF-файл защищён паролем{d}, его нельзя прочитать. Попросите отправителя "
    "прислать файл без пароля или распечатайте и отсканируйте документ.",
    RejectReason.TOO_MANY_PAGES: "В PDF-файле слишком много страниц{d}. Разделите документ на части.",
    RejectReason.DECOMPRESSION_BOMB: "Изображение слишком большое по числу точек{d}: такой файл может "
    "вывести систему из строя. Отсканируйте с разрешением 150–300 dpi.",
    RejectReason.BROKEN_IMAGE: "Изображение JPEG повреждено или обрезано{d}. " + _FIX_SCAN + ".",
    RejectReason.PARSE_TIMEOUT: "Файл не удалось разобрать за отведённое время{d}. Он слишком сложный "
    "или повреждён. " + _FIX_SCAN + ".",
    RejectReason.PARSE_FAILED: "Файл не удалось разобрать{d}: он повреждён или слишком сложный. "
    + _FIX_SCAN
    + ".",
    RejectReason.DUPLICATE: "Такой файл уже есть{d}: повторно он не регистрируется.",
    RejectReason.NOT_REGULAR_FILE: "Это не документ, а служебный объект файловой системы{d}: он не "
    "читается и не обрабатывается. Положите в папку сам файл PDF или JPEG, а не ярлык или ссылку на него.",
    RejectReason.STREAM_BOMB: "Содержимое PDF-файла распаковывается в слишком большой объём{d}: такой "
    "файл может вывести систему из строя. " + _FIX_SCAN + " или запросите у отправителя обычный PDF.",
    RejectReason.STACK_TOO_LARGE: "Скан пачки документов слишком большой{d}. Разделите пачку на "
    "несколько сканов или отсканируйте с меньшим разрешением (150–200 dpi, оттенки серого).",
    RejectReason.DOCUMENT_TOO_LARGE: "Документ из скана пачки и после сжатия больше допустимого{d}. "
    "Отсканируйте этот документ отдельно с меньшим разрешением (150–200 dpi, оттенки серого).",
    RejectReason.TOO_COMPLEX: "PDF-файл устроен слишком сложно{d}: его разбор занял бы слишком много "
    "времени или памяти. " + _FIX_SCAN + " или запросите у отправителя обычный PDF.",
}


def describe(reason: RejectReason, detail: str = "") -> str:
    """The Russian sentence a clerk or scanner operator reads: what is wrong and what to do.

    ``detail`` (a size, a page count, the real format) is put in brackets after the first clause.

    >>> describe(RejectReason.TOO_LARGE, "1,4 МБ")[:30]
    'Файл больше 1 МБ (1,4 МБ). Отс'
    """
    return _TEXTS[reason].format(d=f" ({detail})" if detail else "")


def format_size(size: int) -> str:
    """A byte count as a Russian reader expects it: ``1,4 МБ``, ``512 КБ``, ``17 байт``."""
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f} МБ".replace(".", ",")
    if size >= 1024:
        return f"{size // 1024} КБ"
    return f"{size} байт"


class FileRejected(FileRefused):
    """A file (or a whole package) is refused. Never retried: the same bytes give the same answer.

    ``code`` (also ``reason``) is the stored ``RejectReason``; ``name`` is the file's name when the
    refusal concerns one file of a package.
    """

    def __init__(self, reason: RejectReason, detail: str = "", *, name: str = "") -> None:
        super().__init__(reason, describe(reason, detail))
        self.reason = reason
        self.detail = detail
        self.name = name

    def __reduce__(self) -> tuple[type[FileRejected], tuple[RejectReason, str], dict[str, str]]:
        """Pickle with the keyword-only name, so a refusal crosses the sandbox's process boundary."""
        return (FileRejected, (self.reason, self.detail), {"name": self.name})

    @property
    def message(self) -> str:
        """The Russian text for people (``describe``), prefixed with the file name when known."""
        text = describe(self.reason, self.detail)
        return f"{self.name}: {text}" if self.name else text
