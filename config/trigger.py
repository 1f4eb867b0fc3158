"""Starting a deployment's run from outside Prefect (the watcher, the app), without waiting.

Callers write their work to the database first, so a failed trigger loses nothing: a scheduled
run picks the work up later. Hence the quick health probe: an unreachable server costs two
seconds, not the client's retry ladder, and the caller says so instead of hanging.
"""

from __future__ import annotations

from typing import Any

import httpx

PROBE_SECONDS = 2.0


def prefect_api_url() -> str:
    """The Prefect API the environment points at (``PREFECT_API_URL``); empty when none."""
    from prefect.settings import get_current_settings

    return str(get_current_settings().api.url or "")


def api_is_up(api_url: str, *, timeout: float = PROBE_SECONDS) -> bool:
    """A quick health probe of the Prefect API."""
    if not api_url:
        return False
    try:
        return httpx.get(f"{api_url.rstrip('/')}/health", timeout=timeout).status_code == 200
    except httpx.HTTPError:
        return False


def start_deployment(
    deployment: str, *, parameters: dict[str, Any], idempotency_key: str, flow_run_name: str
) -> str:
    """Schedule one run of ``deployment`` now and return its id; raises if Prefect refuses.

    The idempotency key makes a client-side retry of the same request create one run, not two.
    """
    from prefect.client.schemas.objects import FlowRun
    from prefect.deployments import run_deployment

    run: FlowRun = run_deployment(  # type: ignore[assignment]  # the sync variant: no event loop here
        deployment,
        parameters=parameters,
        timeout=0,
        idempotency_key=idempotency_key,
        flow_run_name=flow_run_name,
        as_subflow=False,
    )
    return str(run.id)
