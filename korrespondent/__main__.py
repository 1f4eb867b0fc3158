"""``python -m korrespondent``: the same as the ``korrespondent`` command."""

from korrespondent.cli import app

app()
