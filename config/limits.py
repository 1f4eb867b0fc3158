"""What one incoming file may be: the one set of limits tests and production share.

``Settings`` takes its defaults from ``DEFAULT_LIMITS``; ``KORR_*`` variables override them in
production, and tests that need a tighter limit build their own ``Limits``.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

MB = 1024 * 1024


@dataclass(frozen=True, slots=True)
class ChildLimits:
    """What one sandboxed parsing child may use: wall time (s), address space (bytes), CPU time (s)."""

    timeout_seconds: float = 10.0
    memory_bytes: int = 1024 * MB
    cpu_seconds: int = 30


@dataclass(frozen=True, slots=True)
class Limits:
    """What one incoming file may be. Pixels: an A4 page at 600 dpi is ~35 million.

    Pages: a 1 MB scan holds a few dozen pages at most; more is a broken or hostile file.
    The timeout bounds one sandboxed parse (validation, text layer, rendering for OCR).
    """

    max_file_bytes: int = 1 * MB
    max_package_bytes: int = 5 * MB
    max_pages: int = 50
    # A scanned stack (issue 15): one file holding several documents, each stored within the
    # file and package limits above once split.
    max_stack_bytes: int = 20 * MB
    max_stack_pages: int = 100
    max_pixels: int = 60_000_000
    timeout_seconds: float = 60.0
    max_memory_bytes: int = 1024 * MB

    def for_stack(self) -> Limits:
        """The limits a scanned file is read with before it is split: a stack's size and pages.

        Each document split out of it must then keep ``max_file_bytes`` and ``max_pages``
        (``tasks.ingest.documents.write_documents``): nothing above them is cut silently.
        """
        return replace(
            self,
            max_file_bytes=max(self.max_file_bytes, self.max_stack_bytes),
            max_pages=max(self.max_pages, self.max_stack_pages),
        )

    def child(self) -> ChildLimits:
        """The sandbox limits for parsing one file: CPU time twice the wall time (two cores)."""
        cpu = max(1, int(self.timeout_seconds * 2))
        return ChildLimits(self.timeout_seconds, self.max_memory_bytes, cpu)


DEFAULT_LIMITS = Limits()
