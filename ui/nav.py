"""Which pages exist, for whom: the navigation is built from the user's role.

A page a role may not use is not in its navigation at all, and every page and every action
checks again with ``allowed`` (a saved URL or ``st.switch_page`` can still name a page).
"""

from __future__ import annotations

from dataclasses import dataclass

from db.models.enums import Role

ALL = frozenset(Role)
SENIOR = frozenset({Role.SUPERVISOR, Role.ADMIN})
ADMINS = frozenset({Role.ADMIN})


@dataclass(frozen=True, slots=True)
class PageSpec:
    key: str
    title: str
    path: str
    icon: str
    roles: frozenset[Role]


PAGES: tuple[PageSpec, ...] = (
    PageSpec("incoming", "Входящие", "pages/incoming.py", ":material/inbox:", ALL),
    PageSpec("review", "Разбор", "pages/review.py", ":material/fact_check:", ALL),
    PageSpec("register", "Новая входящая", "pages/register.py", ":material/note_add:", ALL),
    PageSpec("refusals", "Отказы", "pages/refusals.py", ":material/block:", ALL),
    PageSpec("outgoing", "Исходящие", "pages/outgoing.py", ":material/outbox:", ALL),
    PageSpec("cases", "Кейсы", "pages/cases.py", ":material/folder_shared:", ALL),
    PageSpec("deadlines", "Сроки", "pages/deadlines.py", ":material/alarm:", ALL),
    PageSpec("references", "Справочники", "pages/references.py", ":material/menu_book:", ALL),
    PageSpec("journal", "Журнал", "pages/journal.py", ":material/history:", SENIOR),
    PageSpec("users", "Пользователи", "pages/users.py", ":material/group:", ADMINS),
)
PAGE_PATHS = {spec.title: spec.path for spec in PAGES}

ACTIONS: dict[str, frozenset[Role]] = {
    "edit_document_types": SENIOR,
    "import_csv": SENIOR,
    "accept_aliases": SENIOR,
    "edit_deadline_rules": SENIOR,
    "lift_guards": SENIOR,
    "return_to_review": SENIOR,
    "delete_refusals": SENIOR,
    "form_batches": SENIOR,
    "advance_sandbox_clock": frozenset({Role.ADMIN}),
}
"""Actions narrower than their page: the page shows them only to these roles, and re-checks."""


def pages_for(role: str) -> list[PageSpec]:
    return [spec for spec in PAGES if role in spec.roles]


def allowed(role: str, *, page: str | None = None, action: str | None = None) -> bool:
    """Whether ``role`` may open ``page`` (a key of PAGES) or do ``action`` (a key of ACTIONS)."""
    if page is not None:
        spec = next((s for s in PAGES if s.key == page), None)
        if spec is None or role not in spec.roles:
            return False
    if action is not None and role not in ACTIONS.get(action, frozenset()):
        return False
    return True
