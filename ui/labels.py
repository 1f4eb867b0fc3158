"""Russian names for the codes stored in the database: one place for every page.

Codes stay codes in the database and the audit log (STYLE.md: machine codes); what a clerk reads
comes from here. An unknown code is shown through its parts (``entity.verb``), never bare.
"""

from __future__ import annotations

from collections.abc import Mapping

KINDS = {"court": "Суд", "bailiff": "ФССП", "bank": "Банк", "person": "Физлицо", "other": "Другое"}
BELONGS = {"case": "к кейсу", "client": "к клиенту"}
DIRECTIONS = {"incoming": "входящий", "outgoing": "исходящий", "both": "оба"}
ROLES = {"clerk": "сотрудник", "supervisor": "старший сотрудник", "admin": "администратор"}

ENTITIES = {
    "incoming": "Входящий документ",
    "attachment": "Файл",
    "case": "Кейс",
    "counterparty": "Контрагент",
    "document_type": "Тип документа",
    "user": "Пользователь",
    "outgoing": "Исходящее письмо",
    "import": "Импорт",
    "review": "Разбор",
    "deadline": "Срок",
    "deadline_rule": "Правило срока",
    "guard": "Запрет",
    "request": "Поручение",
    "rejection": "Отказ",
}
VERBS = {
    "view": "просмотр",
    "create": "создание",
    "update": "изменение",
    "rename": "переименование",
    "seed": "начальное заполнение",
    "register": "регистрация",
    "reject": "отклонение",
    "confirm": "подтверждение",
    "correct": "исправление",
    "merge": "объединение пакетов",
    "split": "разделение пакета",
    "login": "вход",
    "logout": "выход",
    "login_refused": "вход отклонён",
    "download": "скачивание",
    "print": "печать",
    "print_batch": "печать партии",
    "alias_learned": "новое написание",
    "cases": "кейсы",
    "counterparties": "контрагенты",
    "done": "выполнен",
    "reassign": "передан",
    "recompute": "пересчёт",
    "save": "сохранение",
    "add": "установлен",
    "lift": "снят",
    "queued": "поставлено в очередь",
    "batch_checkin": "приём партии",
    "dispatch_proof": "доказательство отправки",
    "hold_guarded": "задержано запретом",
    "release_guarded": "выпущено",
}
DETAIL_KEYS = {
    "reg_number": "номер",
    "reason": "причина",
    "fields": "поля",
    "name": "название",
    "from": "было",
    "to": "стало",
    "usage": "документов",
    "via": "способ",
    "file_name": "файл",
    "status": "статус",
    "source": "источник",
    "role": "роль",
    "kind": "вид",
}
STATUSES = {"registered": "зарегистрирован", "needs_review": "ждёт разбора", "rejected": "отклонён"}
SOURCES = {"scanner": "сканер", "manual": "вручную"}
DETAIL_VALUES = {**STATUSES, **SOURCES, **ROLES, **KINDS, "oidc": "единый вход"}
"""Codes that appear as values in audit details."""


def label(names: Mapping[str, str], code: str | None) -> str:
    """The Russian name of ``code`` in ``names``; «—» for none, the code itself only if unknown."""
    if not code:
        return "—"
    return names.get(code, code)


def details_text(details: Mapping[str, object] | None) -> str:
    """Audit details as «номер: ВХ-…, статус: зарегистрирован» (at most 300 characters)."""
    parts = []
    for key, value in (details or {}).items():
        shown = DETAIL_VALUES.get(value, value) if isinstance(value, str) else value
        parts.append(f"{DETAIL_KEYS.get(key, key)}: {shown}")
    return ", ".join(parts)[:300]


def action_label(code: str) -> str:
    """«Контрагент: переименование» for ``counterparty.rename``."""
    entity, _, verb = code.partition(".")
    return f"{ENTITIES.get(entity, entity)}: {VERBS.get(verb, verb.replace('_', ' '))}"
