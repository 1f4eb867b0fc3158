"""Why an item waits for a clerk: machine codes, stored as codes, shown in Russian."""

from __future__ import annotations

from enum import StrEnum


class ReviewReason(StrEnum):
    SENDER_UNKNOWN = "sender_unknown"
    SENDER_UNSURE = "sender_unsure"
    TYPE_UNSURE = "type_unsure"
    CASE_NOT_FOUND = "case_not_found"
    CASE_CONFLICT = "case_conflict"
    NAME_MISMATCH = "name_mismatch"
    WEAK_EVIDENCE = "weak_evidence"
    SEVERAL_CASES = "several_cases"
    IP_LEGACY = "ip_legacy"
    CLIENT_UNKNOWN = "client_unknown"
    NO_TEXT = "no_text"
    OCR_UNAVAILABLE = "ocr_unavailable"
    PRIORITY = "priority"
    MIXED_CASES = "mixed_cases"
    SPLIT_UNSURE = "split_unsure"
    PAGES_UNREAD = "pages_unread"
    OCR_FAILED = "ocr_failed"


REVIEW_TEXTS: dict[ReviewReason, str] = {
    ReviewReason.SENDER_UNKNOWN: "Отправитель не найден в справочнике контрагентов.",
    ReviewReason.SENDER_UNSURE: "Отправитель определён неуверенно.",
    ReviewReason.TYPE_UNSURE: "Тип документа определён неуверенно.",
    ReviewReason.CASE_NOT_FOUND: (
        "Кейс не найден: в тексте нет известных номеров ИП, дел или данных должника."
    ),
    ReviewReason.CASE_CONFLICT: "Номера в документе указывают на разные кейсы.",
    ReviewReason.NAME_MISMATCH: "ФИО в документе не совпадает с должником найденного кейса.",
    ReviewReason.WEAK_EVIDENCE: "Кейс найден только по косвенным признакам — проверьте.",
    ReviewReason.SEVERAL_CASES: "У должника несколько кейсов — выберите нужный.",
    ReviewReason.IP_LEGACY: "Номер ИП старого или необычного формата — проверьте.",
    ReviewReason.CLIENT_UNKNOWN: "Документ относится к клиенту, но клиент не определён.",
    ReviewReason.NO_TEXT: "Текст документа не удалось прочитать.",
    ReviewReason.OCR_UNAVAILABLE: "Распознавание текста (Tesseract) не установлено — документ ждёт разбора.",
    ReviewReason.PRIORITY: "Документ с юридическим сроком (обращение должника) — разберите в первую очередь.",
    ReviewReason.MIXED_CASES: (
        "Страницы файла называют разных должников или разные дела — файл не подшит целиком ни к одному кейсу."
    ),
    ReviewReason.SPLIT_UNSURE: (
        "Границы документов в скане определены неуверенно — проверьте разбивку по страницам."
    ),
    ReviewReason.PAGES_UNREAD: (
        "Часть страниц не удалось распознать — документ определён по остальным, проверьте его по скану."
    ),
    ReviewReason.OCR_FAILED: (
        "Документ не удалось распознать (сбой или превышено время распознавания) — разберите его по скану."
    ),
}


def describe_reasons(codes: list[str] | tuple[str, ...]) -> str:
    """Russian text for stored reason codes; an unknown code is shown as is."""
    texts = []
    for code in codes:
        try:
            texts.append(REVIEW_TEXTS[ReviewReason(code)])
        except ValueError:
            texts.append(code)
    return " ".join(texts)
