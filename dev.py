"""Developer entry point that needs nothing but Python 3.11+: ``python3 dev.py run|test|lint``.

It creates ``.venv`` on first use, installs the project into it (again only when
pyproject.toml changes), installs the Debian packages the tests need when it runs as root
and they are missing (Tesseract OCR with Russian, Chromium for the browser test), then runs.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
STAMP = VENV / ".korr-installed"
DEBIAN_TEST_PACKAGES = {
    "tesseract": ["tesseract-ocr", "tesseract-ocr-rus"],  # OCR of image scans
    "chromium": ["chromium"],  # the browser test drives the real app in the system Chromium
}


def run(*args: str | Path, env: dict[str, str] | None = None) -> None:
    completed = subprocess.run([str(a) for a in args], cwd=ROOT, env=env)
    if completed.returncode != 0:
        sys.exit(completed.returncode)


def ensure_venv() -> None:
    """Create the virtual environment and install the project with its test extras."""
    if sys.version_info < (3, 11):  # noqa: UP036 - dev.py may be started by an older python3
        sys.exit("Нужен Python 3.11 или новее.")
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if STAMP.exists() and STAMP.read_text() == wanted:
        return
    if not (BIN / "python").exists():
        print("Создаю виртуальное окружение .venv …")
        venv.create(VENV, with_pip=True)
    print("Устанавливаю зависимости (первый раз это займёт несколько минут) …")
    run(BIN / "python", "-m", "pip", "install", "--quiet", "--upgrade", "pip")
    run(BIN / "python", "-m", "pip", "install", "--quiet", "-e", ".[test]")
    STAMP.write_text(wanted)


def ensure_debian_packages() -> None:
    """Install missing system tools the tests use, when we may (root with apt-get)."""
    missing = [pkg for tool, pkgs in DEBIAN_TEST_PACKAGES.items() if not shutil.which(tool) for pkg in pkgs]
    if not missing:
        return
    if not (hasattr(os, "geteuid") and os.geteuid() == 0 and shutil.which("apt-get")):
        print(f"Внимание: не установлены {', '.join(missing)}; тесты, которым они нужны, будут пропущены.")
        return
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    run("apt-get", "update", "-qq", env=env)
    run("apt-get", "install", "-y", "-qq", "--no-install-recommends", *missing, env=env)


def lint() -> None:
    run(BIN / "ruff", "check", ".")
    run(BIN / "ruff", "format", "--check", ".")
    run(BIN / "mypy")  # files and strictness per package: [tool.mypy] in pyproject.toml


def test(extra: list[str]) -> None:
    ensure_debian_packages()
    lint()
    if extra:
        run(BIN / "python", "-m", "pytest", *extra)
        return
    # One worker per core; a file's tests stay on one worker, so module-scoped servers start once.
    run(BIN / "python", "-m", "pytest", "-n", "auto", "--dist", "loadfile", "-m", "not browser")
    # Then the real browser on its own: beside the end-to-end runs a loaded 2-core machine makes
    # it miss its waits.
    run(BIN / "python", "-m", "pytest", "-m", "browser")


def main_job(extra: list[str]) -> None:
    """The README's first command: the whole system on embedded defaults, with demo work in it."""
    run(BIN / "korrespondent", "db", "upgrade")
    run(BIN / "korrespondent", "demo")
    process = subprocess.Popen([str(BIN / "korrespondent"), "up", *extra], cwd=ROOT)

    def forward(signum: int, _frame: object) -> None:
        """A signal sent to this process alone (kill, systemd, an IDE's stop button) stops `up`
        too; Ctrl-C in a terminal reaches both, and `up` ignores the second copy while stopping."""
        if process.poll() is None:
            process.send_signal(signum)

    signal.signal(signal.SIGTERM, forward)
    signal.signal(signal.SIGINT, forward)
    sys.exit(process.wait())  # `up` stops every component itself, then exits


def main() -> None:
    command, extra = (sys.argv[1], sys.argv[2:]) if len(sys.argv) > 1 else ("", [])
    commands = {"run": main_job, "test": test, "lint": lambda _extra: lint()}
    if command not in commands:
        sys.exit("Использование: python3 dev.py run | test [аргументы pytest] | lint")
    ensure_venv()
    commands[command](extra)


if __name__ == "__main__":
    main()
