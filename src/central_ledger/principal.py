"""Who is asking, on the district's side: a staff member of the ledger (console session or bearer token) and what
that person's role reaches. Counters are not principals: they sign their requests (:mod:`central_ledger.ledger`).

Roles (issue 21):

- ``district_admin``: everything, every hall;
- ``hall_supervisor``: reads their own hall's counters only, changes nothing of the district's;
- ``auditor``: reads everything, changes nothing.

The rules live here once; the API, the pages and the command line ask these methods, never the role's name.
"""

from __future__ import annotations

from dataclasses import dataclass

DISTRICT_ADMIN = "district_admin"
HALL_SUPERVISOR = "hall_supervisor"
AUDITOR = "auditor"
ROLES = (DISTRICT_ADMIN, HALL_SUPERVISOR, AUDITOR)


@dataclass(frozen=True, slots=True)
class Principal:
    """A signed-in staff member: ``hall_id`` is set for a hall supervisor (and only then)."""

    username: str
    role: str
    hall_id: str | None = None

    @property
    def sees_all_halls(self) -> bool:
        return self.role in (DISTRICT_ADMIN, AUDITOR)

    def may_read_hall(self, hall_id: str | None) -> bool:
        """Whether this person may see a hall's figures (``None``: the district as a whole)."""
        if self.sees_all_halls:
            return True
        return hall_id is not None and hall_id == self.hall_id

    def hall_scope(self, asked: str | None) -> str | None:
        """The hall whose figures to show for a request naming ``asked`` (``None``: all the person may see).

        A hall supervisor asking for the district gets their hall; asking for another hall is refused by the
        caller through :meth:`may_read_hall` first."""
        if self.sees_all_halls:
            return asked
        return self.hall_id

    @property
    def may_change(self) -> bool:
        """Whether this person may change anything (population, targets, staff, halls): the admin only."""
        return self.role == DISTRICT_ADMIN
