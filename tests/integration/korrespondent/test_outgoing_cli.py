"""``korrespondent outgoing …`` as an operator uses it, against the sandbox on loopback."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from korrespondent.cli import app
from pochta.sandbox import RunningSandbox, serve
from tests.unit.tasks.outgoing.outgoing_factories import SHIPPING_POINT, pdf_bytes

runner = CliRunner()


@pytest.fixture
def pochta_sandbox(monkeypatch: pytest.MonkeyPatch) -> Iterator[RunningSandbox]:
    """The sandbox on a loopback port, and settings pointing at it (no credentials = sandbox)."""
    with serve("127.0.0.1", 0, seed=4, shipping_points=[SHIPPING_POINT]) as running:
        monkeypatch.setenv("KORR_SANDBOX_PORT", running.url.rsplit(":", 1)[1])
        monkeypatch.setenv("KORR_SHIPPING_POINT_INDEX", SHIPPING_POINT)
        monkeypatch.setenv("KORR_SENDER_NAME", "ООО «Северный ветер»")
        monkeypatch.setenv("KORR_SENDER_ADDRESS", "109012, г. Москва, ул. Ильинка, д. 1")
        yield running


def _ok(args: list[str]) -> str:
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    return result.output


def test_cli_outgoing_creates_syncs_and_prints_a_batch(
    korr_env: Callable[[], Path], pochta_sandbox: RunningSandbox, tmp_path: Path
) -> None:
    """
    GIVEN a letter created from the command line with a PDF enclosure
    WHEN the operator runs one sync and prints the batch
    THEN the letter is «К сдаче» with a barcode and the batch's ф.103 and our forms are PDF files
    """
    enclosure = tmp_path / "Претензия.pdf"
    enclosure.write_bytes(pdf_bytes(2))
    created = _ok(
        [
            "outgoing",
            "create",
            "--name",
            "Иванов Пётр Сергеевич",
            "--address",
            "115551, г. Москва, шоссе Каширское, 94",
            "--file",
            str(enclosure),
        ]
    )
    assert "Создан черновик ИСХ-" in created
    assert "шоссе Каширское, д. 94, г. Москва, 115551" in created  # as Russian Post cleaned it
    assert "Стоимость: " in created and "₽" in created  # the tariff, asked at once
    assert "Черновики: 1" in _ok(["outgoing", "list"])
    synced = _ok(["outgoing", "sync"])
    assert "Создано заказов: 1" in synced and "переданы в отделение: 1" in synced
    listed = _ok(["outgoing", "list", "К сдаче"])
    assert "Иванов Пётр Сергеевич" in listed and "₽" in listed
    out = tmp_path / "out"
    printed = _ok(["outgoing", "print", "--batch", "1", "--out", str(out)])
    names = sorted(path.name for path in out.iterdir())
    assert "партия-1-ф103.pdf" in names and any("конверт-DL" in name for name in names)
    assert all(path.read_bytes().startswith(b"%PDF") for path in out.iterdir()) and printed


def test_cli_outgoing_create_refuses_a_bad_letter_in_russian(korr_env: Callable[[], Path]) -> None:
    result = runner.invoke(
        app, ["outgoing", "create", "--name", "Иванов", "--address", "без индекса", "--inventory"]
    )
    assert result.exit_code == 1
    assert "Нужен почтовый индекс" in result.output and "только для ценного письма" in result.output


def test_cli_outgoing_print_refuses_a_sender_that_reveals_debt(
    korr_env: Callable[[], Path], pochta_sandbox: RunningSandbox, tmp_path: Path
) -> None:
    _ok(["outgoing", "create", "--name", "Иванов Пётр", "--address", "115551, г. Москва, ул. Тверская, 1"])
    result = runner.invoke(
        app,
        [
            "outgoing",
            "print",
            "--letter",
            "1",
            "--out",
            str(tmp_path),
            "--sender-name",
            "Коллекторское агентство",
        ],
    )
    assert result.exit_code == 1 and "230-ФЗ" in result.output
