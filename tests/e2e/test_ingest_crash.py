"""Crash test: a few hundred files, the watcher and the ingest process killed with SIGKILL, restarted.

Two kinds of process run side by side, as in production:

- the watcher, ``korrespondent watch --local``: claims, records, and processes its batches in a
  background thread (the fallback used when no Prefect API answers);
- an ingest process, ``korrespondent ingest --pending``, started again and again: it stands in
  for a flow run of the ``ingest-inbox``/``ingest-sweeper`` deployment, which executes exactly
  ``process_batch`` (a served flow run is also a subprocess that can die at any moment). Real
  Prefect runs are covered in tests/integration/flows/test_ingest_flow.py; a Prefect server here would
  cost its 12 s start and ~1-3 s per run, with nothing more to learn about our own crash safety.

Both are killed at random moments several times, often while working on the same envelopes.
Then everything is restarted until quiet, and we check: every file registered exactly once or
refused with a reason file and a rejection row; nothing left in the inbox or ``.processing/``;
nothing lost, nothing registered twice.
"""

from __future__ import annotations

import logging
import os
import random
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select

from db.engine import session_scope
from db.models import Attachment, Incoming, IntakeFile, Package, Rejection
from tasks.imports import import_cases, import_counterparties
from tests.corpus.hostile import hostile_files
from tests.corpus.render import text_pdf
from tests.corpus.texts import demo_cases, demo_counterparties, generate_documents
from tests.factories import cases_csv, counterparties_csv

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[2]
SEED = int(os.environ.get("KORR_CRASH_SEED", "20261128"))
TEXT_FILES = 200
FOLDERS = 4
FILES_PER_FOLDER = 3
DUPLICATES = 6
KILLS = 8
logger = logging.getLogger(__name__)


@dataclass
class Drop:
    """Everything the test drops: name → bytes, plus what each file is."""

    files: dict[str, bytes] = field(default_factory=dict)
    hostile: set[str] = field(default_factory=set)
    copies: dict[str, str] = field(default_factory=dict)  # copy name → original name
    folders: dict[str, list[str]] = field(default_factory=dict)


@pytest.fixture(scope="module")
def drop() -> Drop:
    documents = generate_documents(TEXT_FILES + FOLDERS * FILES_PER_FOLDER, seed=SEED)
    result = Drop()
    pdfs = [text_pdf(text) for text, _ in documents]
    for index in range(TEXT_FILES):
        result.files[f"t{index:03d}.pdf"] = pdfs[index]
    for folder in range(FOLDERS):
        names = [f"f{folder}_{j}.pdf" for j in range(FILES_PER_FOLDER)]
        result.folders[f"envelope{folder}"] = names
        for j, name in enumerate(names):
            result.files[name] = pdfs[TEXT_FILES + folder * FILES_PER_FOLDER + j]
    for index in range(DUPLICATES):
        result.copies[f"copy{index}.pdf"] = f"t{index * 7:03d}.pdf"
        result.files[f"copy{index}.pdf"] = pdfs[index * 7]
    for hostile in hostile_files():
        name = f"h_{hostile.name}"
        result.files[name] = hostile.data
        result.hostile.add(name)
    return result


@dataclass
class Installation:
    data_dir: Path
    env: dict[str, str]
    log: Path

    @property
    def inbox(self) -> Path:
        return self.data_dir / "inbox"

    def start(self, *args: str) -> subprocess.Popen[bytes]:
        with self.log.open("ab") as log:
            return subprocess.Popen(
                [sys.executable, "-m", "korrespondent", *args],
                cwd=ROOT,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )


@pytest.fixture
def installation(fresh_engine: Engine, tmp_path: Path) -> Iterator[Installation]:
    with session_scope(fresh_engine) as session:
        import_counterparties(session, counterparties_csv(demo_counterparties()), actor="t")
        import_cases(session, cases_csv(demo_cases(200, seed=SEED)), actor="t")
    data_dir = tmp_path / "data"
    (data_dir / "inbox").mkdir(parents=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("KORR_", "PREFECT_"))}
    env.update(
        KORR_DATA_DIR=str(data_dir),
        KORR_DATABASE_URL=fresh_engine.url.render_as_string(hide_password=False),
        KORR_ACTOR="crash-test",
        KORR_WATCH_STABLE_SECONDS="0.5",
        KORR_WATCH_BATCH_SIZE="10",
        KORR_WATCH_BATCH_WINDOW_SECONDS="0.5",
        PREFECT_HOME=str(tmp_path / "prefect"),
        PREFECT_SERVER_EPHEMERAL_ENABLED="false",
        DO_NOT_TRACK="1",
        PYTHONPATH=str(ROOT),
    )
    yield Installation(data_dir, env, tmp_path / "processes.log")


def write(inbox: Path, name: str, data: bytes, *, rng: random.Random) -> None:
    """Like a scanner: sometimes straight in, sometimes as ``.part`` renamed when complete."""
    target = inbox / name
    target.parent.mkdir(parents=True, exist_ok=True)
    if rng.random() < 0.5:
        target.write_bytes(data)
    else:
        partial = target.with_name(target.name + ".part")
        partial.write_bytes(data)
        partial.rename(target)


def waves(drop: Drop, rng: random.Random) -> list[list[tuple[str, bytes]]]:
    """The drop split into waves; a folder is written under a temporary name and renamed whole."""
    loose = [(n, d) for n, d in drop.files.items() if not n.startswith("f")]
    rng.shuffle(loose)
    size = len(loose) // (KILLS + 1) + 1
    batches = [loose[i : i + size] for i in range(0, len(loose), size)]
    for index, (folder, names) in enumerate(drop.folders.items()):
        batches[(index * 2) % len(batches)].extend((f"{folder}/{n}", drop.files[n]) for n in names)
    return batches


def drop_wave(inbox: Path, wave: list[tuple[str, bytes]], rng: random.Random) -> None:
    staging: dict[str, Path] = {}
    for name, data in wave:
        if "/" in name:
            folder, file = name.split("/")
            staging.setdefault(folder, inbox / f".{folder}")
            write(staging[folder], file, data, rng=rng)
        else:
            write(inbox, name, data, rng=rng)
    for folder, path in staging.items():
        path.rename(inbox / folder)


def kill(process: subprocess.Popen[bytes] | None) -> bool:
    """SIGKILL; True if it was still running (a kill that could land mid-work)."""
    if process is None or process.poll() is not None:
        return False
    process.send_signal(signal.SIGKILL)
    process.wait()
    return True


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if not p.name.startswith(".")) if folder.exists() else []


def quiet(installation: Installation, engine: Engine) -> bool:
    with session_scope(engine) as session:
        claimed = session.scalar(
            select(func.count()).select_from(IntakeFile).where(IntakeFile.status == "claimed")
        )
    return (
        not claimed
        and not leftovers(installation.inbox)
        and not leftovers(installation.inbox / ".processing")
    )


def test_ingest_survives_sigkill_of_watcher_and_ingest_process(
    drop: Drop, installation: Installation, fresh_engine: Engine
) -> None:
    """GIVEN 231 files in waves WHEN both processes are SIGKILLed 8+ times THEN none lost, none twice."""
    rng = random.Random(SEED)
    started = time.monotonic()
    plan = waves(drop, rng)
    drop_wave(installation.inbox, plan[0], rng)  # arrives while nothing runs: the start-up sweep
    watcher = installation.start("watch", "--local")
    worker: subprocess.Popen[bytes] | None = None
    landed = Counter[str]()
    for wave in plan[1:]:
        deadline = time.monotonic() + rng.uniform(0.8, 3.5)
        while time.monotonic() < deadline:
            if worker is None or worker.poll() is not None:
                worker = installation.start("ingest", "--pending", "--grace", "1")
            time.sleep(0.1)
        victim = rng.choice(["watcher", "worker", "both"])
        if victim in ("watcher", "both"):
            landed["watcher"] += kill(watcher)
        if victim in ("worker", "both"):
            landed["worker"] += kill(worker)
        drop_wave(installation.inbox, wave, rng)
        if watcher.poll() is not None:
            watcher = installation.start("watch", "--local")
    chaos = time.monotonic() - started
    # Recovery: the watcher resumes everything on start; one more ingest process works beside it.
    if worker is None or worker.poll() is not None:
        worker = installation.start("ingest", "--pending", "--grace", "1")
    for _ in range(240):
        if quiet(installation, fresh_engine):
            break
        time.sleep(0.5)
    watcher.send_signal(signal.SIGTERM)
    watcher.wait(timeout=30)
    kill(worker)
    logger.warning(
        "crash test: %d files, kills landed %s, chaos %.1f s, total %.1f s",
        len(drop.files),
        dict(landed),
        chaos,
        time.monotonic() - started,
    )
    assert landed["watcher"] + landed["worker"] >= KILLS
    check_every_file_accounted_for(drop, installation, fresh_engine)


def check_every_file_accounted_for(drop: Drop, installation: Installation, engine: Engine) -> None:
    assert leftovers(installation.inbox) == [] and leftovers(installation.inbox / ".processing") == []
    archive = Counter(p.name.split("__", 1)[1] for p in (installation.data_dir / "archive").rglob("*.pdf"))
    rejected_dir = installation.data_dir / "rejected"
    refused = Counter(
        p.name.split("__", 1)[1] for p in rejected_dir.iterdir() if not p.name.endswith(".reason.txt")
    )
    with session_scope(engine) as session:
        rows = session.scalars(select(IntakeFile)).all()
        by_name = Counter(row.original_name for row in rows)
        status = {row.original_name: row for row in rows}
        attachments = Counter(session.scalars(select(Attachment.incoming_sha256)))
        rejections = {r.id: r for r in session.scalars(select(Rejection))}
        packages_per_item = dict(
            session.execute(select(Package.incoming_id, func.count()).group_by(Package.incoming_id)).all()
        )
        items = session.scalar(select(func.count()).select_from(Incoming))
    assert set(by_name) == set(drop.files), "a dropped file has no ledger row, or a stranger appeared"
    assert max(by_name.values()) == 1, "a file was claimed twice"
    assert all(row.status != "claimed" for row in rows)
    registered = {n for n, row in status.items() if row.status == "registered"}
    for name, row in status.items():
        if row.status == "registered":
            assert archive[name] == 1 and refused[name] == 0, name
            assert attachments[row.sha256] == 1, name
        else:
            rejection = rejections[row.rejection_id]
            assert rejection.reason and refused[name] == 1 and archive[name] == 0, name
            reason_file = Path(rejection.moved_to or "").with_name(
                Path(rejection.moved_to or "").name + ".reason.txt"
            )
            assert reason_file.read_text(encoding="utf-8").strip(), name
    assert sum(attachments.values()) == len(registered), "an attachment without its ledger row"
    assert drop.hostile.isdisjoint(registered)
    for copy, original in drop.copies.items():
        assert len({copy, original} & registered) == 1 and {status[copy].status, status[original].status} == {
            "registered",
            "duplicate",
        }
    envelope_items = {status[names[0]].incoming_id for names in drop.folders.values()}
    assert all(packages_per_item[item] == FILES_PER_FOLDER for item in envelope_items)
    valid = set(drop.files) - drop.hostile - set(drop.copies) - set(drop.copies.values())
    interrupted = [n for n in valid if n not in registered]
    assert len(interrupted) <= 3, f"valid files refused after repeated interruptions: {interrupted}"
    assert items == len({status[n].incoming_id for n in registered})
