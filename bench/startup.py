"""Benchmark: how long ``korrespondent up`` takes to be ready, and to stop, on embedded defaults.

Usage: ``.venv/bin/python -m bench.startup [--runs N] [--fresh-venv]``. Each run starts in a new
temporary data folder (so the first-start costs — migrations of our database and of Prefect's —
are included), waits for "Корреспондент работает", then sends SIGINT and waits for the exit.
``--fresh-venv`` also times what the README's first command does on a new machine before that:
creating a virtual environment and installing the project into it.
"""

from __future__ import annotations

import argparse
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_up(python: str, data_dir: Path) -> tuple[subprocess.Popen[str], dict[str, str]]:
    """``korrespondent up`` on embedded defaults in ``data_dir``, on free ports, once it is ready."""
    env = {
        **os.environ,
        "KORR_DATA_DIR": str(data_dir),
        "KORR_APP_PORT": str(_free_port()),
        "KORR_PREFECT_PORT": str(_free_port()),
        "KORR_SANDBOX_PORT": str(_free_port()),
    }
    env.pop("KORR_DATABASE_URL", None)
    env["PREFECT_API_URL"] = f"http://127.0.0.1:{env['KORR_PREFECT_PORT']}/api"
    process = subprocess.Popen(
        [python, "-m", "korrespondent", "up"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    assert process.stdout is not None
    for line in process.stdout:
        if "Корреспондент работает" in line:
            break
    return process, env


def time_up(python: str) -> tuple[float, float]:
    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        process, _env = start_up(python, Path(tmp) / "data")
        ready = time.perf_counter() - started
        stopping = time.perf_counter()
        os.kill(process.pid, signal.SIGINT)
        process.wait(timeout=120)
        return ready, time.perf_counter() - stopping


def time_fresh_venv() -> float:
    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        venv.create(tmp, with_pip=True)
        subprocess.run([f"{tmp}/bin/python", "-m", "pip", "install", "-q", "-e", str(ROOT)], check=True)
        return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=2)
    parser.add_argument("--fresh-venv", action="store_true")
    args = parser.parse_args()
    if args.fresh_venv:
        print(f"fresh venv + install: {time_fresh_venv():.1f} s")
    for run in range(1, args.runs + 1):
        ready, stop = time_up(sys.executable)
        print(f"run {run}: ready after {ready:.1f} s, stopped {stop:.1f} s after SIGINT")


if __name__ == "__main__":
    main()
