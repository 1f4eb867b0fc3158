"""Справочники proposes letterheads clerks keep correcting; a supervisor makes them aliases."""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Callable

from sqlalchemy import Engine
from streamlit.testing.v1 import AppTest

from db.engine import session_scope
from db.models import Counterparty, Incoming
from db.models.enums import IncomingSource, IncomingStatus, Role
from tasks import review
from tasks.register import FileInput, IncomingInput, PackageInput, register_incoming

Login = Callable[[Role], AppTest]


def _corrected_twice(engine: Engine) -> tuple[int, str]:
    tag = uuid.uuid4().hex[:6]
    letterhead = f"Отделение судебных приставов по Лесному району {tag}"
    text = f"ФССП России\n{letterhead}\nПОСТАНОВЛЕНИЕ\nо возбуждении исполнительного производства\n"
    with session_scope(engine) as session:
        unit = Counterparty(name=f"ОСП Лесного р-на {tag}", kind="bailiff", aliases=[])
        session.add(unit)
        session.flush()
        for _ in range(2):
            data = f"%PDF-1.4 {uuid.uuid4().hex}".encode()
            file = FileInput(
                "s.pdf", data, "application/pdf", hashlib.sha256(data).hexdigest(), 1, text, "ocr"
            )
            item = register_incoming(
                session,
                IncomingInput(None, IncomingSource.SCANNER, status=IncomingStatus.NEEDS_REVIEW),
                [PackageInput(files=(file,))],
                actor="scanner",
            )
            choices = [review.PackageChoice(p.id, None) for p in session.get_one(Incoming, item.id).packages]
            review.correct(session, item.id, sender_id=unit.id, packages=choices, actor="clerk")
        return unit.id, letterhead


def test_a_supervisor_turns_a_proposal_into_an_alias(logged_in: Login, app_engine: Engine) -> None:
    unit_id, letterhead = _corrected_twice(app_engine)
    at = logged_in(Role.SUPERVISOR)
    at.switch_page("pages/references.py").run()
    proposals = [m.value for m in at.markdown if m.value.startswith("«")]
    (position,) = [n for n, line in enumerate(proposals) if letterhead in line]
    at.button(key=f"ref_alias_{position}").click().run()
    assert f"«{letterhead}» теперь узнаётся" in at.success[0].value
    with session_scope(app_engine) as session:
        assert letterhead in session.get_one(Counterparty, unit_id).aliases
    assert not [m.value for m in at.markdown if letterhead in m.value and m.value.startswith("«")]


def test_a_clerk_sees_no_proposals(logged_in: Login, app_engine: Engine) -> None:
    _corrected_twice(app_engine)
    at = logged_in(Role.CLERK)
    at.switch_page("pages/references.py").run()
    assert not [e for e in at.expander if e.label.startswith("Предложения из разбора")]
