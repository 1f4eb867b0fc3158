"""``python3 dev.py run`` stops the whole system when its own process gets SIGTERM or SIGINT."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

FAKE_KORRESPONDENT = """\
#!{python}
import pathlib, signal, sys, time
if sys.argv[1] != "up":
    sys.exit(0)
record = pathlib.Path({record!r})
def stop(signum, _frame):
    record.write_text(signal.Signals(signum).name)
    sys.exit(0)
signal.signal(signal.SIGTERM, stop)
signal.signal(signal.SIGINT, stop)
record.write_text("up")
time.sleep(60)
"""


@pytest.mark.parametrize("sent", [signal.SIGTERM, signal.SIGINT])
def test_dev_run_passes_a_stop_signal_on_to_the_system(tmp_path: Path, sent: signal.Signals) -> None:
    """GIVEN `dev.py run` with `korrespondent up` running under it
    WHEN only dev.py's own process gets the signal (kill, systemd, an IDE's stop button)
    THEN `up` gets it too and both end; nothing is left running."""
    record = tmp_path / "record.txt"
    fake = tmp_path / "korrespondent"
    fake.write_text(FAKE_KORRESPONDENT.format(python=sys.executable, record=str(record)))
    fake.chmod(0o755)
    runner = textwrap.dedent(
        f"""
        import sys
        from pathlib import Path
        sys.path.insert(0, {str(ROOT)!r})
        import dev
        dev.BIN = Path({str(tmp_path)!r})
        dev.main_job([])
        """
    )
    process = subprocess.Popen([sys.executable, "-c", runner], start_new_session=True)
    try:
        deadline = time.monotonic() + 20
        while not (record.exists() and record.read_text() == "up"):
            assert time.monotonic() < deadline, "the fake system never started"
            time.sleep(0.05)
        os.kill(process.pid, sent)
        assert process.wait(timeout=10) == 0
        assert record.read_text() == sent.name
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
