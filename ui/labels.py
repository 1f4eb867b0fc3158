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
    "contact_guard": "Запрет",
    "request": "Поручение",
    "rejection": "Отказ",
}
VERBS = {
    "view": "просмотр",
    "create": "создание",
    "update": "изменение",
    "rename": "переименование",
    "seed": "начальное заполнение",
    "restore": "восстановление встроенных правил",
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
    "tariff": "стоимость",
    "form_batches": "формирование партий",
    "sandbox_clock": "часы песочницы",
    "hold_guarded": "задержано запретом",
    "release_guarded": "выпущено",
    "role": "смена роли",
    "activate": "включение",
    "deactivate": "отключение",
    "password_reset": "сброс пароля",
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
    "address_changed": "адрес изменён",
    "alias": "написание",
    "assignee": "исполнитель",
    "attachments": "файлы",
    "batch": "партия",
    "changed": "изменено",
    "comment": "комментарий",
    "created": "создано",
    "debtor_id": "должник",
    "errors": "ошибок",
    "file": "файл",
    "files": "файлы",
    "from_package": "из пакета",
    "into_package": "в пакет",
    "letters": "писем",
    "merged": "объединено",
    "note": "примечание",
    "subject": "тема",
    "to_package": "в пакет",
    "updated": "обновлено",
    "due": "срок",
    "state": "состояние",
    "number": "номер",
    "login": "логин",
    "rule": "правило",
    "debtor": "должник",
}
STATUSES = {"registered": "зарегистрирован", "needs_review": "ждёт разбора", "rejected": "отклонён"}
SOURCES = {"scanner": "сканер", "manual": "вручную"}
OUTGOING_STATES = {
    "draft": "черновик",
    "created": "создано",
    "ready": "к сдаче",
    "in_transit": "в пути",
    "delivered": "доставлено",
    "deleted": "удалено",
}
GUARD_KINDS = {
    "refusal": "отказ от взаимодействия",
    "representative": "через представителя",
    "bankruptcy": "банкротство",
}
DETAIL_VALUES = {
    **STATUSES,
    **SOURCES,
    **ROLES,
    **KINDS,
    **OUTGOING_STATES,
    **GUARD_KINDS,
    "oidc": "единый вход",
}
"""Codes that appear as values in audit details."""


def label(names: Mapping[str, str], code: str | None) -> str:
    """The Russian name of ``code`` in ``names``; «—» for none, the code itself only if unknown."""
    if not code:
        return "—"
    return names.get(code, code)


def _shown(value: object) -> str:
    """One detail value: codes by their Russian names, nested maps and lists the same way."""
    if value is None:
        return "—"
    if isinstance(value, str):
        if "." in value and value.split(".", 1)[0] in ENTITIES:
            return action_label(value)
        return DETAIL_VALUES.get(value, value)
    if isinstance(value, dict):
        return (
            "(" + ", ".join(f"{DETAIL_KEYS.get(str(k), str(k))}: {_shown(v)}" for k, v in value.items()) + ")"
        )
    if isinstance(value, (list, tuple)):
        return ", ".join(DETAIL_KEYS.get(v, _shown(v)) if isinstance(v, str) else _shown(v) for v in value)
    return str(value)


def details_text(details: Mapping[str, object] | None) -> str:
    """Audit details as «номер: ВХ-…, статус: зарегистрирован» (at most 300 characters)."""
    return ", ".join(f"{DETAIL_KEYS.get(k, k)}: {_shown(v)}" for k, v in (details or {}).items())[:300]


def action_label(code: str) -> str:
    """«Контрагент: переименование» for ``counterparty.rename``."""
    entity, _, verb = code.partition(".")
    return f"{ENTITIES.get(entity, entity)}: {VERBS.get(verb, verb.replace('_', ' '))}"
