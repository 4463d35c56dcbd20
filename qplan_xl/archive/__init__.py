"""Every received version kept in SQLite across merges and years, and the questions asked of it."""

from qplan_xl.archive.queries import completion, history, three_years, weak_criteria
from qplan_xl.archive.render import completion_text, history_text, weak_text, years_text
from qplan_xl.archive.schema import SCHEMA_VERSION, ArchiveError, connect
from qplan_xl.archive.store import Stored, archive_merge, stored_plans

__all__ = [
    "SCHEMA_VERSION", "ArchiveError", "Stored", "archive_merge", "completion", "completion_text", "connect",
    "history", "history_text", "stored_plans", "three_years", "weak_criteria", "weak_text", "years_text",
]
