"""Scale-out: the production topology on this machine, files/s for 1, 2 and 3 workers, lost and duplicated.

Run: ``nice -n 10 .venv/bin/python -m bench.scale_out [--workers 1,2,3] [--text 15] [--scans 3]
[--waves 3] [--kill] [--prefect-db postgres|sqlite]`` (a few minutes on two cores).

What runs, as the README's production section sets it up (each worker standing for a host):

- one ``prefect server start`` on PostgreSQL (``PREFECT_SERVER_DATABASE_CONNECTION_URL``, a database
  of its own) or on SQLite with ``--prefect-db sqlite``;
- a process work pool and ``prefect --no-prompt deploy --all --prefect-file deployments/prefect.yaml``
  (the deployments other than ingest are paused: no Russian Post here);
- N ``prefect worker start --pool korrespondent`` processes, each with its own working folder and
  ``PREFECT_HOME``, sharing the data folder (``KORR_DATA_DIR``) and our PostgreSQL database;
- ``korrespondent watch --polling`` on the shared inbox, ``KORR_ENV=production`` (so no in-process
  fallback: every file goes through a worker).

For each N, text PDFs are dropped into the inbox in waves, then image scans (OCR) in one wave;
a phase ends when every dropped file has a finished ledger row. files/s is files over the time
from the first drop to the last finished row. With ``--kill``, the whole process tree of the worker
running a leased batch (the worker and its flow run: a host dying) is SIGKILLed during the second
text wave of the largest N; the figure then includes the take-over (the lease runs out, the next
run or the sweeper finishes the batch).

Lost: a dropped file without a finished ledger row at the end. Duplicated: ledger rows beyond one
per dropped file, or rows finished as ``duplicate`` (every dropped file's content is unique, so a
duplicate can only mean a file processed twice). Both must be 0.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
POOL = "korrespondent"
INGEST = ("ingest-inbox", "ingest-sweeper")


def descendants(pid: int) -> list[int]:
    """A process's children, grandchildren, … from /proc (no psutil here)."""
    found: list[int] = []
    for children in Path(f"/proc/{pid}/task").glob("*/children"):
        try:
            kids = [int(k) for k in children.read_text().split()]
        except (FileNotFoundError, ProcessLookupError):
            continue
        for kid in kids:
            found += [kid, *descendants(kid)]
    return found


def environ_of(pid: int) -> bytes:
    try:
        return Path(f"/proc/{pid}/environ").read_bytes()
    except (FileNotFoundError, PermissionError, ProcessLookupError):
        return b""


def kill_tree(pid: int) -> None:
    """SIGKILL a process and everything under it at once: what a host losing power does."""
    for victim in [pid, *descendants(pid)]:
        try:
            os.kill(victim, signal.SIGKILL)
        except ProcessLookupError:
            pass


@dataclass
class Proc:
    name: str
    popen: subprocess.Popen[bytes]

    def stop(self, *, grace: float = 20.0) -> str:
        """SIGTERM, then SIGKILL after ``grace`` s; how it ended (systemd does the same)."""
        if self.popen.poll() is not None:
            return "already gone"
        kids = descendants(self.popen.pid)
        self.popen.send_signal(signal.SIGTERM)
        try:
            self.popen.wait(grace)
            how = "SIGTERM"
        except subprocess.TimeoutExpired:
            kill_tree(self.popen.pid)
            self.popen.wait(10)
            how = "SIGKILL after SIGTERM timed out"
        for kid in kids:
            try:
                os.kill(kid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        return how


def _default_signals() -> None:
    """Each component starts with default SIGINT/SIGTERM handling, as under systemd: a bench started
    in the background (``… &``) has SIGINT ignored, and a Prefect worker that inherits that also
    ignores SIGTERM (it turns SIGTERM into a SIGINT to itself), so it would never stop."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


class Topology:
    """The processes of one bench run and the environment they share."""

    def __init__(self, root: Path, env: dict[str, str]) -> None:
        self.root = root
        self.env = env
        self.procs: list[Proc] = []

    def spawn(self, name: str, args: list[str], *, cwd: Path, extra: dict[str, str] | None = None) -> Proc:
        cwd.mkdir(parents=True, exist_ok=True)
        log = (self.root / "logs" / f"{name}.log").open("ab")
        popen = subprocess.Popen(
            args,
            cwd=cwd,
            env={**self.env, **(extra or {})},
            stdout=log,
            stderr=subprocess.STDOUT,
            preexec_fn=_default_signals,
        )
        proc = Proc(name, popen)
        self.procs.append(proc)
        return proc

    def run(self, args: list[str], *, cwd: Path = REPO) -> None:
        done = subprocess.run(args, cwd=cwd, env=self.env, capture_output=True, text=True, timeout=300)
        if done.returncode != 0:
            sys.exit(f"{' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")

    def stop_all(self) -> None:
        for proc in reversed(self.procs):
            proc.stop(grace=10)
        self.procs.clear()


def wait_until(check: Callable[[], bool], *, timeout: float, step: float = 0.5, what: str) -> float:
    start = time.monotonic()
    while not check():
        if time.monotonic() - start > timeout:
            raise TimeoutError(f"{what}: not within {timeout:.0f} s")
        time.sleep(step)
    return time.monotonic() - start


def healthy(url: str) -> bool:
    try:
        return httpx.get(url, timeout=2).status_code == 200
    except httpx.HTTPError:
        return False


def recreate_postgres_database(admin_url: str, name: str, *, trigram: bool) -> str:
    import psycopg

    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')
    url = admin_url.rsplit("/", 1)[0] + f"/{name}"
    if trigram:
        with psycopg.connect(url, autocommit=True) as connection:
            connection.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    return url


def pause_all_but_ingest(api_url: str) -> list[str]:
    """Pause the deployments that talk to Russian Post or the app: only intake is measured here."""
    from prefect.client.orchestration import get_client

    os.environ["PREFECT_API_URL"] = api_url
    paused = []
    with get_client(sync_client=True) as client:
        flows = {f.id: f.name for f in client.read_flows()}
        for deployment in client.read_deployments():
            if flows.get(deployment.flow_id) not in INGEST:
                client.pause_deployment(deployment.id)
                paused.append(deployment.name)
    return paused


@dataclass
class Result:
    workers: int
    kind: str
    files: int
    seconds: float
    lost: int
    duplicated: int
    killed: bool = False
    takeover_seconds: float | None = None
    killed_run_state: str = ""

    @property
    def rate(self) -> float:
        return self.files / self.seconds if self.seconds else 0.0


def ledger(engine: object, prefix: str) -> tuple[int, int, int, int]:
    """(rows, finished rows, duplicate-status rows, leased rows) of the files named ``prefix*``."""
    from sqlalchemy import func, select

    from db.engine import session_scope
    from db.models import IntakeFile

    with session_scope(engine) as session:  # type: ignore[arg-type]
        where = IntakeFile.original_name.startswith(prefix)
        rows = dict(
            session.execute(
                select(IntakeFile.status, func.count()).where(where).group_by(IntakeFile.status)
            ).all()
        )
        leased = session.scalar(
            select(func.count()).select_from(IntakeFile).where(where, IntakeFile.leased_by.is_not(None))
        )
    total = sum(rows.values())
    return total, total - rows.get("claimed", 0), rows.get("duplicate", 0), leased or 0


def leased_runs(engine: object, prefix: str) -> set[str]:
    from sqlalchemy import select

    from db.engine import session_scope
    from db.models import IntakeFile

    with session_scope(engine) as session:  # type: ignore[arg-type]
        return set(
            session.scalars(
                select(IntakeFile.leased_by).where(
                    IntakeFile.original_name.startswith(prefix),
                    IntakeFile.status == "claimed",
                    IntakeFile.leased_by.is_not(None),
                )
            )
        )


def drop(inbox: Path, staging: Path, files: dict[str, bytes]) -> None:
    """Write beside the inbox, then rename in: the watcher sees whole files, as from a scanner's share."""
    staging.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        (staging / name).write_bytes(data)
        os.replace(staging / name, inbox / name)


def phase(
    topology: Topology,
    engine: object,
    workers: list[Proc],
    *,
    count: int,
    kind: str,
    files: dict[str, bytes],
    prefix: str,
    waves: int,
    wave_gap: float,
    kill: bool,
    timeout: float,
) -> Result:
    inbox = Path(topology.env["KORR_DATA_DIR"]) / "inbox"
    names = list(files)
    per_wave = -(-len(names) // waves)
    start = time.monotonic()
    killed_at: float | None = None
    killed_run = ""
    for wave in range(waves):
        drop(
            inbox,
            topology.root / "staging",
            {n: files[n] for n in names[wave * per_wave : (wave + 1) * per_wave]},
        )
        if kill and wave == 1 and killed_at is None:
            killed_at, killed_run = kill_a_busy_worker(engine, workers, prefix)
        if wave < waves - 1:
            time.sleep(wave_gap)
    try:
        wait_until(lambda: ledger(engine, prefix)[1] >= len(names), timeout=timeout, step=0.25, what=kind)
    except TimeoutError as exc:
        print(f"  ! {exc}")
    seconds = time.monotonic() - start
    rows, finished, duplicates, _leased = ledger(engine, prefix)
    return Result(
        workers=count,
        kind=kind,
        files=len(names),
        seconds=seconds,
        lost=len(names) - finished,
        duplicated=max(0, rows - len(names)) + duplicates,
        killed=killed_at is not None,
        takeover_seconds=(start + seconds - killed_at) if killed_at is not None else None,
        killed_run_state=run_state(killed_run) if killed_run else "",
    )


def run_state(run_id: str) -> str:
    """A flow run's state as Prefect shows it (the killed run's should be Crashed by now)."""
    from prefect.client.orchestration import get_client

    with get_client(sync_client=True) as client:
        state = client.read_flow_run(run_id).state  # type: ignore[arg-type]
    return state.type.value if state is not None else "?"


def kill_a_busy_worker(engine: object, workers: list[Proc], prefix: str) -> tuple[float | None, str]:
    """SIGKILL the tree of a worker whose flow run holds a lease on this phase's files."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        for run_id in leased_runs(engine, prefix):
            marker = f"PREFECT__FLOW_RUN_ID={run_id}".encode()
            for worker in workers:
                if worker.popen.poll() is None and any(
                    marker in environ_of(p) for p in descendants(worker.popen.pid)
                ):
                    kill_tree(worker.popen.pid)
                    print(f"  SIGKILLed {worker.name} and its flow run {run_id[:8]}… (the host died)")
                    return time.monotonic(), run_id
        time.sleep(0.2)
    print("  ! no worker held a lease within 60 s: nothing killed")
    return None, ""


def corpus(count: int, *, seed: int, prefix: str, scans: bool) -> dict[str, bytes]:
    from tests.corpus.render import image_pdf, text_pdf
    from tests.corpus.texts import generate_documents

    documents = generate_documents(count, seed=seed)
    return {
        f"{prefix}{i:03d}.pdf": image_pdf(text, seed=seed + i) if scans else text_pdf(text)
        for i, (text, _) in enumerate(documents)
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", default="1,2,3", help="worker counts to measure, comma-separated")
    parser.add_argument("--text", type=int, default=15, help="text PDFs per worker count")
    parser.add_argument("--scans", type=int, default=3, help="image scans (OCR) per worker count")
    parser.add_argument("--waves", type=int, default=3, help="text PDFs arrive in this many waves")
    parser.add_argument("--wave-gap", type=float, default=4.0, help="seconds between waves")
    parser.add_argument("--limit", type=int, default=1, help="flow runs at once per worker (--limit)")
    parser.add_argument("--kill", action="store_true", help="SIGKILL a busy worker at the largest count")
    parser.add_argument("--prefect-db", choices=["postgres", "sqlite"], default="postgres")
    parser.add_argument(
        "--postgres", default="postgresql://postgres@127.0.0.1:5432/postgres", help="admin URL"
    )
    parser.add_argument("--port", type=int, default=4290, help="Prefect server port")
    parser.add_argument("--timeout", type=float, default=420.0, help="seconds a phase may take")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder and logs")
    args = parser.parse_args()
    counts = [int(n) for n in args.workers.split(",")]

    root = Path(tempfile.mkdtemp(prefix="bench-scale-out-"))
    (root / "logs").mkdir()
    data_dir = root / "shared-data"
    korr_url = recreate_postgres_database(args.postgres, "korr_scale_out", trigram=True)
    api_url = f"http://127.0.0.1:{args.port}/api"
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("KORR_", "PREFECT_"))},
        "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}",
        "DO_NOT_TRACK": "1",
        "PREFECT_API_URL": api_url,
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "PREFECT_SERVER_EPHEMERAL_ENABLED": "false",
        "PREFECT_LOGGING_LEVEL": "WARNING",
        "PREFECT_WORKER_QUERY_SECONDS": "2",  # as deploy/systemd: a run starts ~2 s after hand-over
        "KORR_ENV": "production",
        "KORR_CODE_DIR": str(REPO),
        "KORR_DATA_DIR": str(data_dir),
        "KORR_DATABASE_URL": korr_url,
        # production demands Russian Post credentials; nothing here calls Russian Post (paused)
        "KORR_POCHTA_TOKEN": "bench",
        "KORR_POCHTA_LOGIN": "bench",
        "KORR_POCHTA_PASSWORD": "bench",
        "KORR_POCHTA_TRACKING_LOGIN": "bench",
        "KORR_POCHTA_TRACKING_PASSWORD": "bench",
        "KORR_WATCH_POLLING": "true",
    }
    topology = Topology(root, env)
    os.environ.update({k: v for k, v in env.items() if k.startswith(("KORR_", "PREFECT_API_URL", "DO_NOT"))})

    from db.engine import make_engine, session_scope
    from tasks.database import upgrade_and_seed
    from tasks.imports import import_cases, import_counterparties
    from tests.corpus.texts import demo_cases, demo_counterparties
    from tests.factories import cases_csv, counterparties_csv

    engine = make_engine(korr_url)
    upgrade_and_seed(engine, actor="bench")
    with session_scope(engine) as session:
        import_counterparties(session, counterparties_csv(demo_counterparties()), actor="bench")
        import_cases(session, cases_csv(demo_cases(200, seed=3)), actor="bench")
    (data_dir / "admin-password.txt").unlink(missing_ok=True)  # production refuses the generated one

    server_env: dict[str, str] = {"PREFECT_HOME": str(root / "prefect-server")}
    if args.prefect_db == "postgres":
        prefect_url = recreate_postgres_database(args.postgres, "prefect_scale_out", trigram=True)
        server_env["PREFECT_SERVER_DATABASE_CONNECTION_URL"] = prefect_url.replace(
            "postgresql://", "postgresql+asyncpg://", 1
        )
    started = time.monotonic()
    topology.spawn(
        "prefect-server",
        ["prefect", "server", "start", "--host", "127.0.0.1", "--port", str(args.port)],
        cwd=root / "prefect-server",
        extra=server_env,
    )
    try:
        up = wait_until(lambda: healthy(f"{api_url}/health"), timeout=180, what="Prefect server")
        print(f"Prefect server on {args.prefect_db} up in {up:.1f} s; work folder {root}")
        topology.run(["prefect", "work-pool", "create", POOL, "--type", "process", "--overwrite"])
        topology.run(
            ["prefect", "--no-prompt", "deploy", "--all", "--prefect-file", "deployments/prefect.yaml"]
        )
        print(f"Deployed; paused (not measured): {', '.join(pause_all_but_ingest(api_url))}")
        topology.spawn("watcher", ["korrespondent", "watch", "--polling"], cwd=root / "watcher")
        beat = data_dir / "run" / "watcher.json"
        try:
            wait_until(beat.exists, timeout=300, what="the watcher's first heartbeat")
        except TimeoutError:
            sys.exit((root / "logs" / "watcher.log").read_text(errors="replace")[-2000:])
        print(f"Topology ready in {time.monotonic() - started:.1f} s\n")

        results: list[Result] = []
        for count in counts:
            workers = [
                topology.spawn(
                    f"worker-{count}-{i}",
                    [
                        "prefect",
                        "worker",
                        "start",
                        "--pool",
                        POOL,
                        "--limit",
                        str(args.limit),
                        "--name",
                        f"host{i}",
                    ],
                    cwd=root / f"host{i}",
                    extra={"PREFECT_HOME": str(root / f"host{i}" / ".prefect")},
                )
                for i in range(count)
            ]
            time.sleep(8)  # workers register and start polling
            kill = args.kill and count == max(counts) and count > 1
            for kind, n, scans, waves in (
                ("text PDF", args.text, False, args.waves),
                ("image scan", args.scans, True, 1),
            ):
                if n <= 0:
                    continue
                prefix = f"w{count}{'s' if scans else 't'}_"
                files = corpus(n, seed=100 * count + (50 if scans else 0), prefix=prefix, scans=scans)
                result = phase(
                    topology,
                    engine,
                    workers,
                    count=count,
                    kind=kind,
                    files=files,
                    prefix=prefix,
                    waves=waves,
                    wave_gap=args.wave_gap,
                    kill=kill and not scans,
                    timeout=args.timeout,
                )
                results.append(result)
                note = (
                    f", worker killed: all done {result.takeover_seconds:.0f} s after the kill, "
                    f"its run {result.killed_run_state}"
                    if result.killed
                    else ""
                )
                print(
                    f"{count} worker(s), {kind}: {result.files} files in {result.seconds:.1f} s = "
                    f"{result.rate:.2f} files/s; lost {result.lost}, duplicated {result.duplicated}{note}"
                )
            stops = [w.stop() for w in workers]
            print(f"  workers stopped by: {', '.join(sorted(set(stops)))}")
            topology.procs = [p for p in topology.procs if p not in workers]
        report(results)
    finally:
        topology.stop_all()
        engine.dispose()
        if not args.keep:
            shutil.rmtree(root, ignore_errors=True)


def report(results: list[Result]) -> None:
    print("\nworkers  kind         files/s  × 1 worker  lost  duplicated")
    for kind in sorted({r.kind for r in results}):
        rows = [r for r in results if r.kind == kind]
        base = next((r.rate for r in rows if r.workers == 1), None)
        for r in rows:
            ratio = f"{r.rate / base:.2f}" if base else "-"
            flag = " (a worker killed)" if r.killed else ""
            print(
                f"{r.workers:>7}  {kind:<11} {r.rate:>8.2f}  {ratio:>10}  {r.lost:>4}"
                f"  {r.duplicated:>10}{flag}"
            )
    bad = sum(r.lost + r.duplicated for r in results)
    print("\nNothing lost, nothing processed twice." if bad == 0 else f"\n!! {bad} files lost or duplicated")
    if bad:
        sys.exit(1)


if __name__ == "__main__":
    main()
