"""The bottom of the house: configuration every entry point shares.

Settings (``KORR_*``), the file limits, the clock, the runtimes that flows and steps receive,
the deployment names and the helper that starts a deployment by name, and the exception base.
It imports nothing of ours but ``db`` and ``pochta``; ``tasks``, ``flows``, ``ui``,
``watch_folder``, ``deployments`` and the CLI all stand on it (docs/ARCHITECTURE.md, "Layers").
"""
