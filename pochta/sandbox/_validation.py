"""Order validation of the sandbox, in the real per-position shape (reference §2.3).

It checks what real Otpravka checks for letters, with the real codes and Russian descriptions, so
the client's handling of refusals is exercised by the same data it will meet in production.
"""

from __future__ import annotations

from typing import Any

ErrorCode = dict[str, str]

MAIL_TYPES = {"LETTER", "LETTER_CLASS_1", "BANDEROL", "BANDEROL_CLASS_1", "POSTAL_PARCEL", "EMS"}
ENABLED_PRODUCTS = {("LETTER", "ORDERED"), ("LETTER", "WITH_DECLARED_VALUE"), ("LETTER", "SIMPLE")}
MAIL_CATEGORIES = {"SIMPLE", "ORDERED", "ORDINARY", "WITH_DECLARED_VALUE"}
ADDRESS_TYPES = {"DEFAULT", "PO_BOX", "DEMAND", "UNIT"}
ENVELOPES = {"C4", "C5", "C6", "DL", "A6", "A7", "OX", "OA"}
# Commonly cited letter limits [UNCERTAIN in the reference]; grams.
MAX_MASS = {"LETTER": 100, "LETTER_CLASS_1": 500, "BANDEROL": 5000, "BANDEROL_CLASS_1": 2500}
# A few indexes the sandbox refuses to serve, so CODE_1372 can be provoked deliberately.
UNSERVED_INDEXES = {999999}


def _err(code: str, description: str, details: str | None = None) -> ErrorCode:
    out = {"code": code, "description": description}
    if details is not None:
        out["details"] = details
    return out


def validate_order(order: Any, *, shipping_points: set[str], v2: bool) -> list[ErrorCode]:
    """Every validation error of one order object; ``[]`` means it may be created."""
    if not isinstance(order, dict):
        return [_err("UNDEFINED", "Неверный формат заказа")]
    errors: list[ErrorCode] = []
    errors += _identity(order)
    errors += _address(order, v2=v2)
    errors += _kind(order)
    errors += _postoffice(order, shipping_points=shipping_points, v2=v2)
    return errors


def _identity(order: dict[str, Any]) -> list[ErrorCode]:
    errors = []
    if not str(order.get("order-num") or "").strip():
        errors.append(_err("EMPTY_ORDER_NUM", "Не указан номер заказа"))
    if not str(order.get("recipient-name") or "").strip():
        errors.append(_err("ILLEGAL_RECIPIENT_NAME", "Некорректное имя получателя"))
    if not str(order.get("surname") or "").strip() or not str(order.get("given-name") or "").strip():
        errors.append(_err("ILLEGAL_INITIALS", "Некорректные фамилия и имя получателя"))
    if not isinstance(order.get("fragile"), bool):
        errors.append(_err("ILLEGAL_FRAGILE", "Некорректная отметка 'Осторожно'"))
    return errors


def _address(order: dict[str, Any], *, v2: bool) -> list[ErrorCode]:
    errors = []
    address_type = order.get("address-type-to")
    if not address_type:
        errors.append(_err("EMPTY_ADDRESS_TYPE_TO", "Тип адреса не указан"))
    elif address_type not in ADDRESS_TYPES:
        errors.append(_err("ILLEGAL_ADDRESS_TYPE_TO", "Некорректный тип адреса"))
    index = order.get("index-to")
    if index is None or index == "":
        errors.append(_err("EMPTY_INDEX_TO", "Почтовый индекс не указан"))
    elif not isinstance(index, int) or isinstance(index, bool) or not 100000 <= index <= 999999:
        errors.append(_err("ILLEGAL_INDEX_TO", "Некорректный почтовый индекс", str(index)))
    elif index in UNSERVED_INDEXES:
        errors.append(_err("CODE_1372", "Доставка по указанному маршруту не осуществляется"))
    if order.get("mail-direct") is None:
        errors.append(_err("EMPTY_MAIL_DIRECT", "Код страны назначения не указан"))
    elif order.get("mail-direct") != 643:
        errors.append(_err("ILLEGAL_MAIL_DIRECT", "Некорректный код страны назначения"))
    if not order.get("region-to"):
        errors.append(_err("EMPTY_REGION_TO", "Регион не указан"))
    if not order.get("place-to"):
        errors.append(_err("EMPTY_PLACE_TO", "Населенный пункт не указан"))
    if v2 and address_type == "DEFAULT" and not order.get("street-to"):
        errors.append(_err("EMPTY_STREET_TO", "Улица не указана"))
    return errors


def _kind(order: dict[str, Any]) -> list[ErrorCode]:
    errors = []
    mail_type, category = order.get("mail-type"), order.get("mail-category")
    if not mail_type:
        errors.append(_err("EMPTY_MAIL_TYPE", "Вид отправления не указан"))
    elif mail_type not in MAIL_TYPES:
        errors.append(_err("ILLEGAL_MAIL_TYPE", "Некорректный вид отправления"))
    if not category:
        errors.append(_err("EMPTY_MAIL_CATEGORY", "Категория отправления не указана"))
    elif category not in MAIL_CATEGORIES:
        errors.append(_err("ILLEGAL_MAIL_CATEGORY", "Некорректная категория отправления"))
    if (
        mail_type in MAIL_TYPES
        and category in MAIL_CATEGORIES
        and (mail_type, category) not in ENABLED_PRODUCTS
    ):
        errors.append(_err("UNAVAILABLE_MAIL_TYPE", "Вид отправления недоступен по договору"))
    errors += _mass(order, mail_type)
    if mail_type == "LETTER":
        envelope = order.get("envelope-type")
        if not envelope:
            errors.append(_err("EMPTY_ENVELOPE_TYPE", "Тип конверта не указан"))
        elif envelope not in ENVELOPES:
            errors.append(_err("ILLEGAL_ENVELOPE_TYPE", "Некорректный тип конверта"))
    if category == "WITH_DECLARED_VALUE" and not order.get("insr-value"):
        errors.append(_err("EMPTY_INSR_VALUE", "Объявленная ценность не указана"))
    return errors


def _mass(order: dict[str, Any], mail_type: Any) -> list[ErrorCode]:
    mass = order.get("mass")
    if mass is None:
        return [_err("EMPTY_MASS", "Вес не указан")]
    if not isinstance(mass, int) or isinstance(mass, bool) or mass <= 0:
        return [_err("ILLEGAL_MASS", "Некорректный вес")]
    limit = MAX_MASS.get(str(mail_type))
    if limit is not None and mass > limit:
        return [_err("ILLEGAL_MASS_EXCESS", f"Вес отправления не должен превышать {limit} г", str(mass))]
    return []


def _postoffice(order: dict[str, Any], *, shipping_points: set[str], v2: bool) -> list[ErrorCode]:
    code = order.get("postoffice-code")
    allowed = " ".join(sorted(shipping_points))
    if not code:
        return [_err("EMPTY_POSTOFFICE_CODE", "Не указан индекс ОПС места приема", allowed)] if v2 else []
    if str(code) not in shipping_points:
        return [_err("ILLEGAL_POSTOFFICE_CODE", "Некорректный индекс ОПС места приема", allowed)]
    return []
