"""Factories for outgoing-letter tests: drafts, letters in the database, runtimes on the sandbox."""

from __future__ import annotations

import io
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from config.runtime import OutgoingRuntime
from db.models import Outgoing
from pochta.sandbox import Sandbox
from tasks.outgoing import LetterDraft, create_letter

SHIPPING_POINT = "109012"
BASE_URL = "http://pochta.test"


def draft(number: int = 1, **overrides: Any) -> LetterDraft:
    """A valid registered letter with notice to a person in Moscow."""
    values: dict[str, Any] = {
        "shipping_point_index": SHIPPING_POINT,
        "recipient_name": f"Иванов Пётр Сергеевич {number}" if number > 1 else "Иванов Пётр Сергеевич",
        "recipient_address": f"115551, г. Москва, шоссе Каширское, {number}",
    }
    return LetterDraft(**(values | overrides))


def parsed(number: int = 1) -> dict[str, str]:
    """Address parts as ``/1.0/clean/address`` would return them."""
    return {
        "index": "115551",
        "region": "г. Москва",
        "place": "г. Москва",
        "street": "шоссе Каширское",
        "house": str(number),
    }


def make_letter(session: Session, number: int = 1, *, parts: bool = True, **overrides: Any) -> Outgoing:
    """A draft in the database; with ``parts`` its address is already normalised."""
    if parts:
        overrides.setdefault("address_parts", parsed(number))
    return create_letter(session, draft(number, **overrides), actor="tester")


def runtime(sandbox: Sandbox, engine: Engine, **overrides: Any) -> OutgoingRuntime:
    """A runtime whose clients talk to ``sandbox`` in-process and whose clock is the sandbox's."""
    values: dict[str, Any] = {
        "database_url": str(engine.url),
        "pochta_url": BASE_URL,
        "token": "token",
        "login": "user@example.ru",
        "password": "secret",
        "tracking_url": BASE_URL,
        "tracking_login": "track",
        "tracking_password": "secret",
        "actor": "flow:test",
        "backoff": 0.0,
        "transport": sandbox.transport(),
        "engine_override": engine,
        "clock": sandbox.state.now,
    }
    return OutgoingRuntime(**(values | overrides))


def pdf_bytes(pages: int = 1, text: str = "Документ") -> bytes:
    """A small real PDF with ``pages`` pages (reportlab, embedded font)."""
    from reportlab.pdfgen.canvas import Canvas

    from tasks.print_forms.fonts import register_fonts

    regular, _ = register_fonts()
    buffer = io.BytesIO()
    canvas = Canvas(buffer)
    for page in range(pages):
        canvas.setFont(regular, 12)
        canvas.drawString(72, 720, f"{text} {page + 1}")
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()
