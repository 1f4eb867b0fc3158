"""The sandbox on a real socket: stdlib ``ThreadingHTTPServer`` in front of ``Sandbox.handle``.

Usage::

    with serve("127.0.0.1", 0, seed=1) as running:      # port 0: any free port
        client = OtpravkaClient(running.url, token="t", login="l", password="p")
        running.sandbox.state.advance(timedelta(days=5))

An injected timeout holds the connection ``faults.hang_seconds`` (or until ``stop()``) and then
closes it without an answer, so a real client meets a real read timeout.
"""

from __future__ import annotations

import logging
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any, Self

import httpx

from pochta.sandbox._app import Sandbox
from pochta.sandbox._faults import Faults
from pochta.sandbox._state import SandboxState

log = logging.getLogger("pochta.sandbox")
_HOP_HEADERS = frozenset({"content-length", "transfer-encoding", "connection", "content-encoding"})


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False

    def __init__(self, address: tuple[str, int], sandbox: Sandbox) -> None:
        self.sandbox = sandbox
        self.stopping = threading.Event()
        super().__init__(address, _Handler)


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.1"

    def _serve(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        host, port = self.server.server_address[:2]
        host = host.decode() if isinstance(host, bytes) else host
        request = httpx.Request(
            self.command,
            f"http://{host}:{port}{self.path}",
            headers=[(k, v) for k, v in self.headers.items() if k.lower() not in _HOP_HEADERS],
            content=body,
        )
        try:
            response = self.server.sandbox.handle(request)
        except httpx.TimeoutException:
            self.server.stopping.wait(self.server.sandbox.state.faults.hang_seconds)
            self.close_connection = True
            return
        except Exception:  # a sandbox bug must look like a Russian Post 500, not kill the thread
            log.exception("sandbox handler failed for %s %s", self.command, self.path)
            response = httpx.Response(
                500, json={"code": "1002", "sub-code": "INTERNAL_ERROR", "desc": "sandbox"}
            )
        content = response.content
        self.send_response(response.status_code)
        for key, value in response.headers.items():
            if key.lower() not in _HOP_HEADERS:
                self.send_header(key, value)
        self.send_header("Content-Length", str(len(content)))
        self.end_headers()
        self.wfile.write(content)

    do_GET = do_PUT = do_POST = do_DELETE = _serve

    def log_message(self, fmt: str, *args: Any) -> None:
        log.debug("%s " + fmt, self.address_string(), *args)


class RunningSandbox:
    """A sandbox served on a socket in a background thread; ``stop()`` or use as a context manager."""

    def __init__(self, server: _Server) -> None:
        self._server = server
        self._thread = threading.Thread(target=server.serve_forever, name="pochta-sandbox", daemon=True)
        self._thread.start()

    @property
    def sandbox(self) -> Sandbox:
        """The handler and its state (Python control API: ``.sandbox.state``)."""
        return self._server.sandbox

    @property
    def url(self) -> str:
        """Base URL for ``OtpravkaClient`` and ``TrackingClient``."""
        host, port = self._server.server_address[:2]
        host = host.decode() if isinstance(host, bytes) else host
        return f"http://{host}:{port}"

    def stop(self) -> None:
        """Stop serving, release held connections and close the socket."""
        self._server.stopping.set()
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()


def serve(
    host: str = "127.0.0.1",
    port: int = 0,
    *,
    faults: Faults | None = None,
    seed: int | None = None,
    sandbox: Sandbox | None = None,
    **state_options: Any,
) -> RunningSandbox:
    """Start the sandbox on ``host:port`` in a background thread and return at once."""
    if sandbox is None:
        state = SandboxState(seed=seed or 0, faults=faults, **state_options)
        sandbox = Sandbox(state)
    return RunningSandbox(_Server((host, port), sandbox))


def run_forever(
    host: str = "127.0.0.1",
    port: int = 8765,
    *,
    faults: Faults | None = None,
    seed: int | None = None,
    **state_options: Any,
) -> None:
    """Serve until interrupted (Ctrl+C): the body of ``korrespondent pochta-sandbox``."""
    running = serve(host, port, faults=faults, seed=seed, **state_options)
    log.info("Russian Post sandbox (песочница) listening on %s", running.url)
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        log.info("Russian Post sandbox stopping")
    finally:
        running.stop()
