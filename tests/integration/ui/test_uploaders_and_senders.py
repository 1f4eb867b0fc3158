"""Every file uploader leaves size limits to our Russian validation, and every sender choice finds
any word, fragment or alias (issue 13.7)."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import Engine
from streamlit.testing.v1 import AppTest

from db.models.enums import Role
from tests.integration.ui.conftest import make_world

Login = Callable[[Role], AppTest]


def _open_item(at: AppTest, world: dict[str, object]) -> None:
    at.text_input(key="in_text").input(str(world["reg_number"])).run()
    at.selectbox(key="in_open").select(world["item_id"]).run()
    assert not at.exception, at.exception


def _widget_limits(at: AppTest) -> list[int]:
    """Each uploader's own limit in MB (the server's ``maxUploadSize`` unless the page set one)."""
    return [uploader.proto.max_upload_size_mb for uploader in at.get("file_uploader")]


def test_no_uploader_refuses_a_file_in_streamlits_english(logged_in: Login, app_engine: Engine) -> None:
    """A per-widget 1 MB limit makes the browser say «File must be 1.0MB or smaller.»; our checks
    say it in Russian, so no uploader of «Новая входящая», «Исходящие» or «Исправить» sets one."""
    world = make_world(app_engine)
    at = logged_in(Role.CLERK)
    _open_item(at, world)  # «Входящие» → the item's «Исправить» tab with «Добавить пакет»
    seen = _widget_limits(at)
    for page in ("pages/register.py", "pages/outgoing.py"):
        at.switch_page(page).run()
        assert not at.exception, at.exception
        seen += _widget_limits(at)
    assert len(seen) >= 3
    assert all(limit > 1 for limit in seen), seen


def test_the_correction_form_finds_the_sender_by_an_alias_fragment(
    logged_in: Login, app_engine: Engine
) -> None:
    world = make_world(app_engine)
    item_id, tag = world["item_id"], world["tag"]
    at = logged_in(Role.CLERK)
    _open_item(at, world)
    picker = at.selectbox(key=f"fix_sender_{item_id}")
    assert picker.value == world["sender_id"]  # the item's sender, chosen already
    at.text_input(key=f"fix_sender_{item_id}_find").input(f"цао-{str(tag).upper()}").run()
    assert at.selectbox(key=f"fix_sender_{item_id}").options == [world["sender_name"]]


def test_the_register_filter_finds_a_sender_by_a_word_inside_the_name(
    logged_in: Login, app_engine: Engine
) -> None:
    world = make_world(app_engine)
    at = logged_in(Role.CLERK)
    at.text_input(key="in_sender_find").input(f"цао {world['tag']}").run()
    assert at.selectbox(key="in_sender").options == [world["sender_name"]]
    at.selectbox(key="in_sender").select(world["sender_id"]).run()
    assert list(at.dataframe[0].value["Номер"]) == [world["reg_number"]]
