"""Russian text for clerks, keyed by the API's machine codes.

Russian Post's own ``description`` is often terse or technical ("Instance ... not found"), so the
codes a clerk is likely to meet get a sentence that says what to fix. Unknown codes fall back to the
API's description, then to the bare code: a clerk always sees something, never an empty line.
"""

from __future__ import annotations

_MESSAGES: dict[str, str] = {
    "EMPTY_INDEX_TO": "Не указан почтовый индекс получателя.",
    "ILLEGAL_INDEX_TO": "Почтовый индекс получателя неверен: нужен индекс из 6 цифр.",
    "EMPTY_REGION_TO": "Не указан регион получателя.",
    "EMPTY_PLACE_TO": "Не указан населённый пункт получателя.",
    "EMPTY_STREET_TO": "Не указана улица получателя.",
    "EMPTY_MASS": "Не указан вес отправления.",
    "ILLEGAL_MASS": "Вес отправления указан неверно.",
    "ILLEGAL_MASS_EXCESS": "Вес отправления больше допустимого для этого вида отправлений.",
    "EMPTY_MAIL_TYPE": "Не указан вид отправления.",
    "ILLEGAL_MAIL_TYPE": "Вид отправления указан неверно.",
    "UNAVAILABLE_MAIL_TYPE": "Этот вид отправления не подключён в договоре с Почтой России.",
    "EMPTY_MAIL_CATEGORY": "Не указана категория отправления.",
    "ILLEGAL_MAIL_CATEGORY": "Категория отправления указана неверно.",
    "EMPTY_ADDRESS_TYPE_TO": "Не указан тип адреса получателя.",
    "ILLEGAL_ADDRESS_TYPE_TO": "Тип адреса получателя указан неверно.",
    "EMPTY_MAIL_DIRECT": "Не указана страна назначения.",
    "ILLEGAL_MAIL_DIRECT": "Страна назначения указана неверно.",
    "ILLEGAL_RECIPIENT_NAME": "Имя получателя указано неверно или не указано.",
    "ILLEGAL_INITIALS": "Фамилия и имя получателя указаны неверно или не указаны.",
    "EMPTY_POSTOFFICE_CODE": "Не указано отделение приёма (точка сдачи).",
    "ILLEGAL_POSTOFFICE_CODE": "Отделение приёма не входит в точки сдачи по договору.",
    "NO_AVAILABLE_POSTOFFICES": "Нет доступных отделений приёма для этого отправления.",
    "EMPTY_ENVELOPE_TYPE": "Не указан тип конверта.",
    "ILLEGAL_ENVELOPE_TYPE": "Тип конверта указан неверно.",
    "EMPTY_INSR_VALUE": "Для ценного письма нужна объявленная ценность.",
    "ILLEGAL_INSR_VALUE": "Объявленная ценность указана неверно.",
    "INSR_VALUE_EXCEEDS_MAX": "Объявленная ценность больше допустимой.",
    "ILLEGAL_FRAGILE": "Отметка «Осторожно» указана неверно.",
    "EMPTY_ORDER_NUM": "Не указан номер заказа (исходящий номер письма).",
    "TARIFF_ERROR": "Почта России не смогла рассчитать стоимость отправления.",
    "CODE_1372": "Доставка по указанному маршруту не осуществляется.",
    "NOT_FOUND": "Отправление не найдено в «Отправке» (возможно, оно уже удалено или в партии).",
    "READONLY_STATE": "Партия уже передана в отделение, изменения в ней невозможны.",
    "DELIVERY_IN_PROGRESS": "Отправление уже отправлено.",
    "ACCESS_VIOLATION": "Нет доступа к отправлению.",
    "OFFLINE_BALANCE_FORBIDDEN": "Оплата по договору для этой партии недоступна.",
    "DIFFERENT_MAIL_TYPE": "В партии могут быть только отправления одного вида.",
    "DIFFERENT_MAIL_CATEGORY": "В партии могут быть только отправления одной категории.",
}


def clerk_message(code: str, description: str | None = None) -> str:
    """The Russian sentence a clerk sees for an API error code."""
    if code in _MESSAGES:
        return _MESSAGES[code]
    if description:
        return f"Почта России: {description}"
    return f"Почта России отклонила запрос (код {code})."
