"""Run a parser of untrusted bytes in a child process with memory, CPU and wall-time limits.

Why a process and not a thread: a hostile PDF can loop forever inside pypdf, recurse until the C
stack overflows, or make a decoder allocate gigabytes. None of that can be interrupted from another
thread, and a crash in C code would take the watcher or the flow worker down with it. A child
process can be killed, and ``setrlimit`` caps what it may allocate and burn.

Why ``forkserver``: ``fork`` from a process that runs threads (Prefect, watchdog, Streamlit) is unsafe,
and ``spawn`` starts a fresh interpreter and re-imports pypdf for every file (~150 ms). The fork
server is started once, preloads the parsing modules, and forks a clean child per call for a few
milliseconds (figures in the report of bench/extract.py). Where ``forkserver`` is missing we use
``spawn``.

Exceptions (all ``SandboxError``)::

    SandboxError
    ├── SandboxTimeout    the wall-time limit passed; the child was killed
    ├── SandboxCrashed    the child died (signal, CPU limit, C-level crash) or ran out of memory
    └── SandboxRaised     the function raised something other than one of our errors

One of our own errors (a ``config.errors.KorrespondentError``, for instance ``FileRejected``) that the
function raises is re-raised in the caller as it is. Anything else a parser of untrusted bytes
raises (``LimitReachedError``, ``KeyError`` deep in pypdf, ...) comes back as ``SandboxRaised``: the
caller turns it into an outcome for that file and never mistakes it for a bug of its own.
"""

from __future__ import annotations

import multiprocessing
import resource
import sys
import threading
import types
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from enum import StrEnum
from multiprocessing.connection import Connection
from typing import Any, TypeVar

from config.errors import KorrespondentError, ServiceFailed
from config.limits import ChildLimits

T = TypeVar("T")

PRELOAD = ["pypdf", "PIL.Image", "pypdfium2", "tasks.validate", "tasks.extract"]
"""Modules the fork server imports once, so each child starts with pypdf and Pillow loaded."""


class SandboxProblem(StrEnum):
    """Why the parsing child gave no result."""

    TIMEOUT = "sandbox_timeout"
    CRASHED = "sandbox_crashed"
    RAISED = "sandbox_raised"


class SandboxError(ServiceFailed):
    """The child could not produce a result; ``message`` says why in Russian."""


class SandboxTimeout(SandboxError):
    """The child ran past its wall-time limit and was killed."""

    def __init__(self, seconds: float) -> None:
        super().__init__(SandboxProblem.TIMEOUT, f"разбор не уложился в {seconds:g} с")
        self.seconds = seconds


class SandboxCrashed(SandboxError):
    """The child died without a result: a signal, the CPU limit, or memory exhausted.

    ``what`` is the raw cause for logs (``memory limit reached``, ``recursion too deep``, ...).
    """

    def __init__(self, exitcode: int | None, what: str = "") -> None:
        self.exitcode = exitcode
        self.what = what or f"child exited with code {exitcode}"
        super().__init__(SandboxProblem.CRASHED, _crash_text(exitcode, self.what))


class SandboxRaised(SandboxError):
    """The function raised an exception that is not one of ours; ``kind`` is its class name."""

    def __init__(self, kind: str, what: str) -> None:
        super().__init__(SandboxProblem.RAISED, f"ошибка разбора {kind}")
        self.kind = kind
        self.what = f"{kind}: {what}"[:300]


def _crash_text(exitcode: int | None, what: str) -> str:
    """Why the parsing child died, in Russian: memory, nesting, or a signal/exit code."""
    if "memory" in what:
        return "разбору не хватило памяти"
    if "recursion" in what:
        return "слишком глубокая вложенность"
    if exitcode is not None:
        return f"разбор прерван, код {exitcode}"
    return "разбор прерван"


_context: multiprocessing.context.BaseContext | None = None
_launch_lock = threading.Lock()


@contextmanager
def _main_hidden() -> Iterator[None]:
    """Hide ``__main__`` while a child is launched, so the child does not re-import the caller's script.

    multiprocessing re-runs the main script (and so all its imports: pytest, typer, prefect...) in
    every spawned or forkserver child: ~30-200 ms each. Our children run only module-level functions
    of ``tasks``, so they need nothing from ``__main__``. Python 3.11's forkserver cannot preload it
    (its ``main_path`` is never passed on), hence this swap, held under a lock for a millisecond.
    """
    with _launch_lock:
        real = sys.modules["__main__"]
        sys.modules["__main__"] = types.ModuleType("__main__")
        try:
            yield
        finally:
            sys.modules["__main__"] = real


def _get_context() -> multiprocessing.context.BaseContext:
    """The forkserver context (preloading our parsers) or, where there is none, spawn."""
    global _context
    if _context is None:
        if "forkserver" in multiprocessing.get_all_start_methods():
            ctx = multiprocessing.get_context("forkserver")
            ctx.set_forkserver_preload(PRELOAD)
            _context = ctx
        else:  # pragma: no cover - not Linux
            _context = multiprocessing.get_context("spawn")
    return _context


def _child_main(
    conn: Connection, limits: ChildLimits, func: Callable[..., Any], args: tuple[Any, ...]
) -> None:
    """Entry point of the child: apply the limits, run, send back ("ok", value) or ("raised", exc)."""
    resource.setrlimit(resource.RLIMIT_AS, (limits.memory_bytes, limits.memory_bytes))
    resource.setrlimit(resource.RLIMIT_CPU, (limits.cpu_seconds, limits.cpu_seconds + 1))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    try:
        result: tuple[str, Any] = ("ok", func(*args))
    except MemoryError:
        result = ("memory", None)
    except RecursionError:
        result = ("crashed", "recursion too deep")
    except Exception as exc:  # noqa: BLE001 - the boundary of untrusted parsing: every failure goes back as data
        result = ("raised", exc)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    try:
        conn.send((*result, peak))
    except Exception as exc:  # noqa: BLE001 - an unpicklable exception or value: say what it was
        conn.send(("crashed", f"{type(exc).__name__}: {exc}", peak))
    finally:
        conn.close()


_peak_rss = 0
_peak_lock = threading.Lock()


def _note_peak(peak: int) -> None:
    global _peak_rss
    with _peak_lock:
        _peak_rss = max(_peak_rss, peak)


def peak_child_rss() -> int:
    """The largest resident memory (bytes) any child reached in this process so far (for benches)."""
    return _peak_rss


def run_sandboxed(func: Callable[..., T], *args: Any, limits: ChildLimits) -> T:
    """Call ``func(*args)`` in a limited child process and return its result.

    ``func`` must be a module-level function and its arguments and result picklable. Raises
    ``SandboxTimeout``, ``SandboxCrashed``, one of our errors that ``func`` raised, or
    ``SandboxRaised`` for any other exception of ``func``.

    >>> run_sandboxed(len, b"abc", limits=ChildLimits())
    3
    """
    ctx = _get_context()
    receiver, sender = ctx.Pipe(duplex=False)
    child = ctx.Process(target=_child_main, args=(sender, limits, func, args), daemon=True)  # type: ignore[attr-defined]
    with _main_hidden():
        child.start()
    sender.close()
    peak = 0
    try:
        if not receiver.poll(limits.timeout_seconds):
            raise SandboxTimeout(limits.timeout_seconds)
        try:
            status, value, peak = receiver.recv()
        except EOFError:
            child.join(1.0)
            raise SandboxCrashed(child.exitcode) from None
    finally:
        receiver.close()
        if child.is_alive():
            child.kill()
        child.join(5.0)
        child.close()
    _note_peak(peak)
    if status == "ok":
        return value  # type: ignore[no-any-return]
    if status == "raised":
        if isinstance(value, KorrespondentError):
            raise value
        raise SandboxRaised(type(value).__name__, str(value))
    if status == "memory":
        raise SandboxCrashed(None, "memory limit reached")
    raise SandboxCrashed(None, str(value))
