"""Benchmark: how long a clerk waits for work handed to the ``clerk-requests`` flow.

Usage: ``.venv/bin/python -m bench.requests [--single 5] [--burst 10]``. Starts ``korrespondent up``
in a temporary data folder (embedded defaults), registers PDFs by hand as the app does (each with
its text-reading request) and starts each request's run exactly as the page does
(``ui.background.start``), then prints the time from the click to the outcome the page shows:
one request at a time, then a burst of requests clicked at once.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import os
import signal
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

from sqlalchemy import Engine

from bench.startup import start_up
from db.engine import make_engine, session_scope
from db.models.enums import IncomingSource, RequestKind
from tasks.clerk_requests import RequestView, enqueue, get_request
from tasks.register import FileInput, IncomingInput, PackageInput, register_incoming


def _pdf(text: str) -> bytes:
    from reportlab.pdfgen.canvas import Canvas

    from tasks.print_forms.fonts import register_fonts

    regular, _ = register_fonts()
    buffer = io.BytesIO()
    canvas = Canvas(buffer)
    canvas.setFont(regular, 12)
    canvas.drawString(72, 720, text)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _register_by_hand(engine: Engine) -> RequestView:
    data = _pdf(f"Определение суда по делу {uuid.uuid4().hex}")
    file = FileInput("opr.pdf", data, "application/pdf", hashlib.sha256(data).hexdigest(), 1)
    with session_scope(engine) as session:
        item = register_incoming(
            session,
            IncomingInput(sender_id=None, source=IncomingSource.MANUAL),
            [PackageInput(files=(file,))],
            actor="bench",
        )
        request, _ = enqueue(session, RequestKind.EXTRACT_TEXT, str(item.id), actor="bench")
    return request


def _wait(engine: Engine, request_ids: list[int], started: float) -> list[float]:
    finished: dict[int, float] = {}
    while len(finished) < len(request_ids):
        with session_scope(engine) as session:
            for request_id in request_ids:
                view = get_request(session, request_id)
                if request_id not in finished and view is not None and view.finished:
                    assert view.state == "done", view
                    finished[request_id] = time.perf_counter() - started
        time.sleep(0.1)
    return [finished[i] for i in request_ids]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--single", type=int, default=5)
    parser.add_argument("--burst", type=int, default=10)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        process, env = start_up(sys.executable, Path(tmp) / "data")
        try:
            os.environ.update({k: env[k] for k in ("KORR_DATA_DIR", "PREFECT_API_URL")})
            from config.settings import Settings
            from ui.background import start

            engine = make_engine(Settings().resolved_database_url)
            singles = []
            for _ in range(args.single):
                request = _register_by_hand(engine)
                clicked = time.perf_counter()
                assert start(request), "Prefect did not take the run"
                singles += _wait(engine, [request.id], clicked)
            print(
                f"one at a time ({args.single}): click → outcome median {statistics.median(singles):.1f} s, "
                f"worst {max(singles):.1f} s"
            )
            burst = [_register_by_hand(engine) for _ in range(args.burst)]
            clicked = time.perf_counter()
            for request in burst:
                start(request)
            waits = _wait(engine, [r.id for r in burst], clicked)
            print(
                f"burst of {args.burst}: first outcome after {min(waits):.1f} s, "
                f"median {statistics.median(waits):.1f} s, last {max(waits):.1f} s"
            )
            engine.dispose()
        finally:
            os.killpg(process.pid, signal.SIGINT)
            process.wait(timeout=120)


if __name__ == "__main__":
    main()
