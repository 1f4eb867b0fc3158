"""The watcher process: an observer on the inbox feeding the loop, until asked to stop.

``inotify`` by default; a polling observer when ``settings.watch_polling`` (SMB/NFS shares,
where inotify never fires). A failing round is logged and the loop goes on: nothing a file
contains can stop the watcher.
"""

from __future__ import annotations

import logging
import threading
import time
from enum import StrEnum

from sqlalchemy import Engine
from watchdog.observers import Observer
from watchdog.observers.api import BaseObserver
from watchdog.observers.polling import PollingObserver

from config.runtime import ingest_config
from config.settings import Settings, SettingsProblem, SettingsRefused
from config.trigger import prefect_api_url
from watch_folder.handler import InboxHandler
from watch_folder.handoff import DeploymentHandoff, Handoff, LocalHandoff
from watch_folder.heartbeat import BEAT_EVERY_SECONDS, beat, heartbeat_path
from watch_folder.watcher import WatchConfig, Watcher

logger = logging.getLogger(__name__)

TICK_SECONDS = 0.5


class HandoffMode(StrEnum):
    AUTO = "auto"  # the deployment when a Prefect API is configured, else in-process
    DEPLOYMENT = "deployment"
    LOCAL = "local"


def watch_config(settings: Settings) -> WatchConfig:
    return WatchConfig(
        inbox=settings.inbox_dir,
        processing_dir=settings.processing_dir,
        stable_seconds=settings.watch_stable_seconds,
        batch_size=settings.watch_batch_size,
        batch_window_seconds=settings.watch_batch_window_seconds,
    )


def make_observer(settings: Settings, handler: InboxHandler) -> BaseObserver:
    """An observer of the inbox's top level only.

    Why not recursive: the loop needs just the name of an inbox entry; once noticed, a folder is
    re-read on every round until it stands still (``StabilityTracker``), so events from inside it
    add nothing. Watching recursively also watched ``.processing`` (inside the inbox), where each
    claimed folder is moved, flattened and its folders removed: with inotify every level of a deep
    folder got a watch that vanished at once, and watchdog printed a RuntimeWarning per level;
    the polling observer walked all of ``.processing`` every second.
    """
    observer: BaseObserver = PollingObserver(timeout=1.0) if settings.watch_polling else Observer()
    observer.schedule(handler, str(settings.inbox_dir), recursive=False)
    return observer


NO_PREFECT_API_MESSAGE = (
    "В рабочем режиме (KORR_ENV=production) наблюдатель передаёт файлы исполнителям через сервер "
    "Prefect, а PREFECT_API_URL не задан. Задайте PREFECT_API_URL=http://<сервер Prefect>:4200/api "
    "(или запустите «korrespondent watch --local», чтобы осознанно обрабатывать файлы на этом "
    "компьютере). / KORR_ENV=production: the watcher hands files to workers through the Prefect "
    "server and PREFECT_API_URL is not set; refusing to process them silently in-process."
)


def choose_handoff(
    settings: Settings, local: LocalHandoff, *, mode: HandoffMode, api_url: str
) -> tuple[Handoff, str]:
    """The hand-off for this mode and environment, and how to name it in the log.

    Production never falls back to in-process processing on its own: without ``PREFECT_API_URL``
    the watcher refuses to start (one host would quietly do all the work while the workers idle),
    and a batch the Prefect API does not take waits for the sweeper. ``--local`` is the operator's
    explicit choice and is honoured.
    """
    production = settings.env == "production"
    if mode == HandoffMode.LOCAL:
        return local, "in-process (--local)"
    if not api_url:
        if production or mode == HandoffMode.DEPLOYMENT:
            raise SettingsRefused(SettingsProblem.NO_PREFECT_API, NO_PREFECT_API_MESSAGE)
        return local, "in-process"
    return DeploymentHandoff(api_url, fallback=None if production else local), f"deployment via {api_url}"


def run_watcher(
    settings: Settings, engine: Engine, *, stop: threading.Event, mode: HandoffMode = HandoffMode.AUTO
) -> None:
    """Watch the inbox until ``stop`` is set; on the way out hand over what was gathered."""
    api_url = prefect_api_url() if mode != HandoffMode.LOCAL else ""
    local = LocalHandoff(engine, config=ingest_config(settings))
    try:
        handoff, described = choose_handoff(settings, local, mode=mode, api_url=api_url)
    except SettingsRefused:
        local.close(wait=False)
        raise
    settings.ensure_dirs()
    logger.info("Hand-over: %s", described)
    watcher = Watcher(watch_config(settings), engine, handoff)
    observer = make_observer(settings, InboxHandler(settings.inbox_dir, watcher.notice))
    observer.start()
    try:
        try:
            watcher.start()
        except Exception:
            logger.exception("Resuming claimed files failed; the periodic resume tries again")
        last_beat = 0.0
        while not stop.is_set():
            try:
                watcher.tick()
            except Exception:
                logger.exception("Watcher round failed; going on")
            if time.monotonic() - last_beat >= BEAT_EVERY_SECONDS:
                try:
                    beat(heartbeat_path(settings.data_dir))
                except OSError:
                    logger.warning("Could not record the watcher's sign of life", exc_info=True)
                last_beat = time.monotonic()
            stop.wait(TICK_SECONDS)
        watcher.flush()
    finally:
        observer.stop()
        observer.join(timeout=5)
        local.close(wait=True)
