"""The letter state machine and its folders, as pure functions."""

from __future__ import annotations

import pytest

from db.models.enums import OutgoingState as S
from tasks.outgoing import Folder, TransitionNotAllowed, can_transition, folder_of
from tasks.outgoing.states import ALLOWED, path_to, require_transition


@pytest.mark.parametrize(
    ("start", "end"),
    [
        (S.DRAFT, S.CREATED),
        (S.CREATED, S.READY),
        (S.READY, S.IN_TRANSIT),
        (S.IN_TRANSIT, S.DELIVERED),
        (S.DRAFT, S.DELETED),
        (S.CREATED, S.DELETED),
        (S.READY, S.DELETED),
        (S.CREATED, S.DRAFT),
    ],
)
def test_can_transition_allows_the_documented_moves(start: S, end: S) -> None:
    assert can_transition(start, end)


@pytest.mark.parametrize(
    ("start", "end"),
    [
        (S.DRAFT, S.READY),
        (S.IN_TRANSIT, S.DELETED),
        (S.DELIVERED, S.IN_TRANSIT),
        (S.DELETED, S.DRAFT),
        (S.IN_TRANSIT, S.DRAFT),
        ("nonsense", S.DRAFT),
    ],
)
def test_can_transition_refuses_other_moves(start: str, end: str) -> None:
    assert not can_transition(start, end)


def test_require_transition_raises_with_russian_message_when_not_allowed() -> None:
    with pytest.raises(TransitionNotAllowed) as info:
        require_transition(S.DELIVERED, S.DRAFT)
    assert "нельзя перевести" in info.value.message
    assert (info.value.from_state, info.value.to_state) == (S.DELIVERED, S.DRAFT)


def test_path_to_walks_forward_through_every_state() -> None:
    assert path_to(S.READY, S.DELIVERED) == [S.IN_TRANSIT, S.DELIVERED]
    assert path_to(S.DRAFT, S.READY) == [S.CREATED, S.READY]
    assert path_to(S.DELIVERED, S.IN_TRANSIT) == []
    assert path_to(S.CREATED, S.DELETED) == [S.DELETED]


def test_folder_of_names_every_state_in_russian() -> None:
    assert {folder_of(state) for state in ALLOWED} == set(Folder)
    assert folder_of(S.READY) is Folder.TO_HAND_OVER
    assert folder_of(S.DELIVERED).value == "Архив"


def test_final_states_have_no_way_out() -> None:
    assert ALLOWED[S.DELIVERED] == frozenset()
    assert ALLOWED[S.DELETED] == frozenset()
