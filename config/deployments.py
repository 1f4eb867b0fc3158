"""Names of flows and deployments: what the watcher, the app and the CLI ask Prefect to run.

Kept here, not beside the flows, so that starting a run by name never imports a flow module
(and with it Prefect's flow machinery and our whole pipeline).
"""

from __future__ import annotations

INGEST_FLOW = "ingest-inbox"
INGEST_DEPLOYMENT = f"{INGEST_FLOW}/inbox"
"""``<flow>/<deployment>``: the run the watcher hands a batch of claims to."""

SWEEPER_FLOW = "ingest-sweeper"
SWEEPER_DEPLOYMENT = f"{SWEEPER_FLOW}/sweeper"

CLERK_REQUESTS_FLOW = "clerk-requests"
CLERK_REQUESTS_DEPLOYMENT = f"{CLERK_REQUESTS_FLOW}/clerk-requests"
"""The run the app starts for each clerk request (deleting an order, batch papers, reading text)."""

OUTGOING_SYNC_FLOW = "outgoing-sync"
TRACKING_POLL_FLOW = "tracking-poll"
