"""``korrespondent up`` runs the whole system; a newcomer's first session, end to end.

GIVEN a temporary data folder and an empty database
WHEN ``korrespondent up`` starts (Prefect server, sandbox, served flows, watcher, app)
THEN the demo's sample scans are registered (three by themselves, three for review) or refused
(beside the earlier mail the demo registers itself),
letters drafted by the demo and by a clerk go through the scheduled flows' deployments to
«Архив» on the sandbox, and Ctrl-C (SIGINT) leaves no process.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import httpx
import pytest
from sqlalchemy import Engine, func, select

from config.blob_store import FileBlobStore, attach_blob_store
from db.engine import make_engine, session_scope
from db.models import Incoming, IntakeFile, Outgoing, Rejection
from db.models.enums import RequestKind
from korrespondent.demo.samples import earlier_mail
from tasks.clerk_requests import enqueue, get_request, result_files
from tests.corpus.render import image_pdf, text_pdf
from tests.corpus.texts import generate_documents

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[2]
LETTERS = 5
CLOCK_STEPS = ({"days": 8}, {"minutes": 20}, {"days": 36}, {"minutes": 20})

EARLIER = len(earlier_mail(date.today()))
"""Documents ``korrespondent demo`` registers as received before (their deadlines and guard)."""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_until(predicate: Callable[[], bool], *, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(1)
    raise AssertionError(f"timed out waiting for {what}")


def processes_of(marker: str) -> list[int]:
    """Processes whose command line or environment mentions ``marker`` (our data folder)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            blob = (entry / "cmdline").read_bytes() + (entry / "environ").read_bytes()
        except OSError:
            continue
        if marker.encode() in blob:
            found.append(int(entry.name))
    return found


@pytest.fixture
def system(tmp_path: Path, empty_database_url: str) -> Iterator[tuple[dict[str, str], subprocess.Popen[str]]]:
    data_dir = tmp_path / "data"
    env = {
        **os.environ,
        "KORR_DATA_DIR": str(data_dir),
        "KORR_DATABASE_URL": empty_database_url,
        "KORR_APP_PORT": str(free_port()),
        "KORR_PREFECT_PORT": str(free_port()),
        "KORR_SANDBOX_PORT": str(free_port()),
        "KORR_WATCH_STABLE_SECONDS": "0.5",
        "KORR_WATCH_BATCH_WINDOW_SECONDS": "1",
        "KORR_SENDER_NAME": "ООО «Северный ветер»",
        "KORR_SENDER_ADDRESS": "101000, г. Москва, ул. Мясницкая, д. 2",
    }
    env["PREFECT_API_URL"] = f"http://127.0.0.1:{env['KORR_PREFECT_PORT']}/api"
    process = subprocess.Popen(
        [sys.executable, "-m", "korrespondent", "up"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    try:
        yield env, process
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
        for pid in processes_of(str(data_dir)):
            os.kill(pid, signal.SIGKILL)


def run(env: dict[str, str], *args: str, timeout: float = 180) -> str:
    result = subprocess.run(
        [sys.executable, "-m", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout
    )
    if result.returncode != 0:
        run_id = re.search(r"UUID: ([0-9a-f-]{36})", result.stdout)
        why = flow_run_logs(env, run_id.group(1)) if run_id else ""
        raise AssertionError(result.stdout + result.stderr + why)
    return result.stdout


def flow_run_logs(env: dict[str, str], run_id: str) -> str:
    """What a flow run logged to Prefect (a run that crashes before it starts says why only there:
    «Unexpected exception encountered when trying to load flow», «Process ... exited with ...»)."""
    body = {"logs": {"flow_run_id": {"any_": [run_id]}}, "sort": "TIMESTAMP_ASC", "limit": 200}
    try:
        answer = httpx.post(f"{env['PREFECT_API_URL']}/logs/filter", json=body, timeout=10)
        answer.raise_for_status()
    except httpx.HTTPError as exc:
        return f"\n(the logs of flow run {run_id} could not be read: {exc!r})"
    lines = [f"{log['timestamp']} {log['name']}: {log['message']}" for log in answer.json()]
    return f"\n--- Prefect logs of flow run {run_id} ---\n" + "\n".join(lines)


LOG_TAIL_LINES = {"flows": 150, "watcher": 30, "sandbox": 30, "app": 20, "prefect": 20}


def component_log_tail(data_dir: Path, component: str, lines: int) -> str:
    """The last ``lines`` a component of ``korrespondent up`` wrote (``logs/<component>.log``, JSON lines)."""
    path = data_dir / "logs" / f"{component}.log"
    if not path.exists():
        return f"({path} does not exist)"
    tail = path.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:]
    return "\n".join(_log_line(raw) for raw in tail)


def _log_line(raw: str) -> str:
    try:
        record = json.loads(raw)
        return f"{record['time'][11:23]} {record['line']}"
    except (ValueError, KeyError, TypeError):
        return raw


@contextlib.contextmanager
def component_logs_on_failure(data_dir: Path) -> Iterator[None]:
    """On any failure, print the tail of every component's log (pytest shows it with the failure):
    a flow run that crashed, the runner's restart and the watcher's hand-off are told only there."""
    try:
        yield
    except BaseException:
        for component, lines in LOG_TAIL_LINES.items():
            print(f"\n----- logs/{component}.log, last {lines} lines -----")  # noqa: T201 - diagnostics
            print(component_log_tail(data_dir, component, lines))  # noqa: T201 - diagnostics
        raise


def papers_of_a_batch_come_through_the_clerk_requests_deployment(env: dict[str, str], engine: Engine) -> None:
    """What the app does on «Печать всей партии»: queue a request, start its run, wait for it."""
    with session_scope(engine) as session:
        batch = session.scalar(select(Outgoing.batch_name).where(Outgoing.checked_in_at.is_not(None)))
        assert batch is not None
        request, _ = enqueue(session, RequestKind.BATCH_DOCUMENTS, batch, actor="clerk")
    script = (
        "import sys\n"
        "from tasks.clerk_requests import RequestView\n"
        "from ui.background import start\n"
        f"view = RequestView({request.id}, 'outgoing.batch_documents', '', 'queued', None, None)\n"
        "sys.exit(0 if start(view) else 1)\n"
    )
    started = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert started.returncode == 0, started.stdout + started.stderr

    def finished() -> bool:
        with session_scope(engine) as session:
            view = get_request(session, request.id)
        return view is not None and view.finished

    wait_until(finished, timeout=120, what="the batch papers request")
    with session_scope(engine) as session:
        view = get_request(session, request.id)
        assert view is not None and view.state == "done", view
        files = result_files(session, view)
    assert f"партия-{batch}-ф103.pdf" in files and all(data.startswith(b"%PDF") for data in files.values())


def running_flow_runs(env: dict[str, str], flow_name: str) -> int:
    """How many runs of ``flow_name`` the Prefect server sees running now."""
    api = env["PREFECT_API_URL"]
    body = {"flow_runs": {"state": {"type": {"any_": ["RUNNING"]}}}, "flows": {"name": {"any_": [flow_name]}}}
    answer = httpx.post(f"{api}/flow_runs/filter", json=body, timeout=10)
    answer.raise_for_status()
    return len(answer.json())


def filed(engine: Engine, name: str) -> bool:
    """The dropped file ``name`` is registered (or refused): its ledger row says where it went."""
    with session_scope(engine) as session:
        row = session.scalars(select(IntakeFile).where(IntakeFile.original_name == name)).first()
        return row is not None and (row.incoming_id is not None or row.rejection_id is not None)


def killed_runner_does_not_stall_intake(env: dict[str, str], engine: Engine) -> float:
    """
    GIVEN ingest runs in flight on the served runner
    WHEN the runner's whole process group (the runs included) is SIGKILLed
    THEN the supervisor starts it again and a scan dropped afterwards is filed within a minute
         (no Prefect concurrency slot waits for its lease to expire); returns the seconds it took
    """
    inbox = Path(env["KORR_DATA_DIR"]) / "inbox"
    documents = generate_documents(4, seed=2611)
    for number, (text, _truth) in enumerate(documents[:3]):  # image scans: OCR keeps the run busy
        (inbox / f"slow{number}.pdf").write_bytes(image_pdf(text, seed=number))
    wait_until(lambda: running_flow_runs(env, "ingest-inbox") > 0, timeout=90, what="an ingest run in flight")
    runners = [pid for pid in processes_of("deployments.serve") if pid in processes_of(env["KORR_DATA_DIR"])]
    assert runners, "the served runner was not found"
    for pid in runners:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(pid, signal.SIGKILL)
    killed_at = time.monotonic()
    (inbox / "after-crash.pdf").write_bytes(text_pdf(documents[3][0]))
    wait_until(lambda: filed(engine, "after-crash.pdf"), timeout=60, what="a scan dropped after the crash")
    return time.monotonic() - killed_at


def test_up_runs_the_whole_system_and_stops_cleanly_on_sigint(
    system: tuple[dict[str, str], subprocess.Popen[str]],
) -> None:
    env, process = system
    with component_logs_on_failure(Path(env["KORR_DATA_DIR"])):
        a_newcomers_first_session(env, process)


def a_newcomers_first_session(env: dict[str, str], process: subprocess.Popen[str]) -> None:
    """The module's story: demo scans in, a runner killed, letters out and along, Ctrl-C."""
    assert process.stdout is not None
    lines: list[str] = []
    while not any("Корреспондент работает" in line for line in lines):
        line = process.stdout.readline()
        assert line, "korrespondent up exited early:\n" + "".join(lines)
        lines.append(line)
    run(env, "korrespondent", "demo")
    # The system keeps scans and request files in the data folder's content store: read them there too.
    engine = attach_blob_store(
        make_engine(env["KORR_DATABASE_URL"]), FileBlobStore(Path(env["KORR_DATA_DIR"]) / "blobs")
    )

    def scans_done() -> bool:
        with session_scope(engine) as session:
            registered = session.scalar(select(func.count()).select_from(Incoming))
            refused = session.scalar(select(func.count()).select_from(Rejection))
        return registered == 6 + EARLIER and refused == 2

    wait_until(scans_done, timeout=180, what="the demo scans to be registered or refused")
    with session_scope(engine) as session:
        by_status = dict(
            session.execute(select(Incoming.status, func.count()).group_by(Incoming.status)).all()
        )
        registered = session.scalars(select(Incoming).where(Incoming.status == "registered"))
        cases = {p.case.case_number for item in registered for p in item.packages if p.case}
    assert by_status == {"registered": 3 + EARLIER, "needs_review": 3}
    status = run(env, "korrespondent", "status")
    assert "Сервер Prefect: работает" in status and "Приложение для сотрудников: работает" in status
    assert "Процессы Prefect (конвейер, отправка, трекинг): работает" in status
    assert "Наблюдатель папки входящих: работает" in status
    assert "Ждут разбора: 3" in status and "Черновики: 3" in status
    assert "Запросы сотрудников ждут выполнения: 0" in status
    assert "Лимит запросов к «Отправке» на сегодня: осталось" in status
    assert cases == {"К-2026-00001", "К-2026-00002", "К-2026-00003"} | {
        item.case_number for item in earlier_mail(date.today())
    }
    resumed_after = killed_runner_does_not_stall_intake(env, engine)
    print(f"intake resumed {resumed_after:.1f} s after the runner was killed")  # noqa: T201 - the figure

    for number in range(LETTERS - 3):  # the demo drafted three letters already
        run(
            env,
            "korrespondent",
            "outgoing",
            "create",
            "--name",
            f"Петров Сергей Иванович {number}",
            "--address",
            "630099, Новосибирская обл., г. Новосибирск, ул. Ленина, д. 1, кв. 2",
        )
    prefect = ("prefect", "deployment", "run", "--watch", "--watch-timeout", "150")
    for _ in range(4):  # create orders, then batches, then check-in: a few scheduled runs
        run(env, *prefect, "outgoing-sync/outgoing-dispatch")
        with session_scope(engine) as session:
            unchecked = session.scalar(
                select(func.count()).select_from(Outgoing).where(Outgoing.checked_in_at.is_(None))
            )
        if not unchecked:
            break
    papers_of_a_batch_come_through_the_clerk_requests_deployment(env, engine)
    sandbox = f"http://127.0.0.1:{env['KORR_SANDBOX_PORT']}"
    for step in CLOCK_STEPS:
        run(env, *prefect, "tracking-poll/tracking-poll")
        httpx.post(f"{sandbox}/__sandbox__/clock/advance", json=step, timeout=10).raise_for_status()
    run(env, *prefect, "tracking-poll/tracking-poll")
    with session_scope(engine) as session:
        states = list(session.scalars(select(Outgoing.state)))
    assert len(states) == LETTERS
    assert "delivered" in states, states
    assert set(states) <= {"delivered", "in_transit"}  # returned and unclaimed letters stay «В пути»

    os.kill(process.pid, signal.SIGINT)
    process.wait(timeout=60)
    engine.dispose()
    wait_until(lambda: not processes_of(env["KORR_DATA_DIR"]), timeout=20, what="every component to stop")
