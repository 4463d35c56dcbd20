"""How owners and funding sources are spelled in the summary's tallies (the list's spelling)."""

from __future__ import annotations

import unicodedata

from qplan_xl import messages as m
from qplan_xl.model import Action
from qplan_xl.rules.catalog import fold

_KNOWN_OWNERS = {fold(o): o for o in m.OWNERS + m.OWNERS_PRESCHOOL_EXTRA}
_KNOWN_FUNDING = {fold(f): f for f in m.FUNDING}


def owner_label(text: str) -> str:
    """An owner as written (NFC, single spaces), spelled like the list when it is a list entry."""
    clean = _clean(text)
    return _KNOWN_OWNERS.get(fold(clean), clean)


def funding_label(action: Action) -> str:
    """The funding source of an action, spelled like the list.

    Decision: a blank source is "Không" (no funding) when the action has no cost, and
    "Chưa ghi nguồn" when it has one, so money is never filed under "no funding".
    """
    clean = _clean(action.funding)
    if clean:
        return _KNOWN_FUNDING.get(fold(clean), clean)
    return m.FUNDING[0] if not action.cost else m.SUMMARY["funding_unspecified"]


def _clean(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())
