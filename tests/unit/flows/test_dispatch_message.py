"""What «Сформировать партию сейчас» tells the supervisor (``flows.outgoing_sync.dispatch_message``)."""

from __future__ import annotations

from flows.outgoing_sync import SyncReport, dispatch_message


def test_the_batches_formed_and_handed_over_are_named() -> None:
    text = dispatch_message(SyncReport(batches=["7", "8"], checked_in=["7"]))
    assert text == "Сформировано партий: 2 (7, 8). Сдано в «Отправку»: 7. Письма в папке «К сдаче»."


def test_what_russian_post_left_unanswered_is_said_after_what_was_done() -> None:
    text = dispatch_message(SyncReport(batches=["7"], errors=["таймаут"]))
    assert text.startswith("Сформировано партий: 1 (7).")
    assert text.endswith("Почта России ответила не на всё (таймаут): остальное сделает синхронизация.")


def test_nothing_to_batch_says_so_and_why_letters_may_wait() -> None:
    assert dispatch_message(SyncReport()) == "Новых писем для партии нет: созданные письма уже в партиях."
    assert dispatch_message(SyncReport(unrecognised=2)).endswith(
        "Письма с нераспознанным адресом ждут исправления."
    )
