"""Screenshots of every page of the app at 1366×768, as a clerk's laptop shows them.

    .venv/bin/python -m bench.screenshots [--out data/screenshots] [--width 1366 --height 768]

Fills a fresh installation in a temporary folder with ``korrespondent demo``, creates an
administrator, serves the app with ``korrespondent app``'s command line and walks the menu in the
system Chromium (``/usr/bin/chromium``, as the browser tests do): the login page, then each page of
``ui.nav.PAGES``, each as ``NN-<key>.png`` (the visible screen) and ``NN-<key>-full.png`` (the whole
page). Look at them for anything unfinished: English words, cut-off tables, empty states.
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

from db.engine import make_engine, session_scope
from db.models.enums import Role
from korrespondent.cli_app import streamlit_command
from tasks.users import create_user
from ui.nav import PAGES

CHROMIUM = Path("/usr/bin/chromium")
LOGIN, PASSWORD = "screens", "screens-pass-1"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _installation(folder: Path) -> dict[str, str]:
    """Environment of a demo installation in ``folder`` with an administrator ``LOGIN``."""
    env = {
        **os.environ,
        "KORR_DATA_DIR": str(folder / "data"),
        "KORR_DATABASE_URL": f"sqlite:///{folder / 'app.db'}",
    }
    env.pop("KORR_POCHTA_TOKEN", None)
    subprocess.run(
        [sys.executable, "-m", "korrespondent", "demo"], env=env, check=True, stdout=subprocess.DEVNULL
    )
    engine = make_engine(env["KORR_DATABASE_URL"])
    with session_scope(engine) as session:
        create_user(
            session, login=LOGIN, password=PASSWORD, role=Role.ADMIN, full_name="Анна Админ", actor="bench"
        )
    engine.dispose()
    return env


def serve_app(env: dict[str, str]) -> tuple[subprocess.Popen[bytes], str]:
    port = _free_port()
    process = subprocess.Popen(
        streamlit_command("127.0.0.1", port), env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/_stcore/health", timeout=1).text == "ok":
                break
        except httpx.TransportError:
            time.sleep(0.3)
    return process, f"http://127.0.0.1:{port}"


def take(url: str, out: Path, *, width: int, height: int) -> list[Path]:
    """Log in at ``url`` and screenshot the login page and every page of the menu into ``out``."""
    from playwright.sync_api import Page, expect, sync_playwright

    out.mkdir(parents=True, exist_ok=True)
    taken: list[Path] = []

    def settle(page: Page) -> None:
        page.wait_for_timeout(1500)  # tables draw on a canvas a moment after the run ends
        expect(page.get_by_test_id("stStatusWidget")).to_have_count(0, timeout=60_000)

    def shoot(page: Page, name: str) -> None:
        settle(page)
        for suffix, full in (("", False), ("-full", True)):
            path = out / f"{name}{suffix}.png"
            page.screenshot(path=str(path), full_page=full)
            taken.append(path)

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=["--headless", "--no-sandbox", "--disable-gpu"]
        )
        page = browser.new_page(viewport={"width": width, "height": height}, locale="ru-RU")
        page.set_default_timeout(60_000)
        page.goto(url)
        page.get_by_label("Логин").fill(LOGIN)
        shoot(page, "00-login")
        page.get_by_label("Пароль").fill(PASSWORD)
        page.get_by_role("button", name="Войти").click()
        expect(page.get_by_role("heading", name="Входящие")).to_be_visible()
        for index, spec in enumerate(PAGES, start=1):
            page.get_by_test_id("stSidebarNav").get_by_text(spec.title, exact=True).click()
            expect(page.get_by_role("heading", name=spec.title).first).to_be_visible()
            shoot(page, f"{index:02d}-{spec.key}")
        browser.close()
    return taken


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--out", type=Path, default=Path("data/screenshots"))
    parser.add_argument("--width", type=int, default=1366)
    parser.add_argument("--height", type=int, default=768)
    args = parser.parse_args()
    if not CHROMIUM.exists():
        sys.exit("Нужен Chromium: apt-get install chromium")
    with tempfile.TemporaryDirectory(prefix="korr-screens-") as folder:
        env = _installation(Path(folder))
        process, url = serve_app(env)
        try:
            taken = take(url, args.out.resolve(), width=args.width, height=args.height)
        finally:
            process.terminate()
            process.wait(10)
    print(f"{len(taken)} screenshots in {args.out}")


if __name__ == "__main__":
    main()
