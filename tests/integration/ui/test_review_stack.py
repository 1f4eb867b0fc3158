"""«Разбор» of an item split from one scan (issue 15): each package offers its own case candidates,
and the envelope's postmark date is shown."""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from sqlalchemy import Engine, select
from streamlit.testing.v1 import AppTest

from db.engine import session_scope
from db.models import Incoming
from db.models.enums import IncomingSource, IncomingStatus, Role
from tasks import review
from tasks.register import FileInput, IncomingInput, PackageInput, register_incoming
from tests.integration.ui.conftest import make_pdf, make_world, seen

Login = Callable[[Role], AppTest]


def _candidate(world: dict[str, object]) -> dict[str, object]:
    return {"id": world["case_id"], "case_number": world["case_number"], "score": 0.6}


def test_each_package_of_a_split_scan_offers_its_own_case_candidates(
    logged_in: Login, app_engine: Engine
) -> None:
    with session_scope(app_engine) as session:
        for item_id in session.scalars(select(Incoming.id).where(Incoming.status == "needs_review")):
            review.reject(session, item_id, reason="очередь очищена тестом", actor="tests")
    first, second = make_world(app_engine), make_world(app_engine)
    packages = []
    for n in (1, 2):
        pdf = make_pdf(f"документ {n} {first['tag']}")
        file = FileInput(
            f"скан — документ {n}.pdf", pdf, "application/pdf", hashlib.sha256(pdf).hexdigest(), 1
        )
        packages.append(PackageInput(files=(file,)))
    with session_scope(app_engine) as session:
        item = register_incoming(
            session,
            IncomingInput(
                sender_id=None,
                source=IncomingSource.SCANNER,
                status=IncomingStatus.NEEDS_REVIEW,
                review_reason="case_not_found",
                suggestions={
                    "case_candidates": [_candidate(first)],
                    "packages": [
                        {"case_candidates": [_candidate(first)]},
                        {"case_candidates": [_candidate(second)]},
                    ],
                    "envelope": {"pages": [1], "postmark_date": "2025-04-15"},
                },
            ),
            packages,
            actor="tests",
        )
        package_ids = [p.id for p in item.packages]
    at = logged_in(Role.CLERK)
    at.switch_page("pages/review.py").run()
    assert not at.exception
    assert at.selectbox(key=f"rv_case_{package_ids[0]}").options == [f"{first['case_number']} (предложен)"]
    assert at.selectbox(key=f"rv_case_{package_ids[1]}").options == [f"{second['case_number']} (предложен)"]
    assert any("Дата штемпеля на конверте: 15.04.2025" in seen(m.value) for m in at.markdown)
