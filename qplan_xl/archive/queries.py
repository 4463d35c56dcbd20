"""Questions to the archive: a school's history, three consecutive years, weak criteria, completion."""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from typing import Any

from qplan_xl.merge import code_key

# The plan that stands for a school's year: the latest review, then the highest revision, then the newest.
LATEST_PLANS = """
WITH ranked AS (
    SELECT p.*, ROW_NUMBER() OVER (
        PARTITION BY school_key, school_year
        ORDER BY CASE review WHEN 'year_end' THEN 2 WHEN 'hk1' THEN 1 ELSE 0 END DESC,
                 revision DESC, saved DESC, received DESC, id DESC) AS n
    FROM plans p)
SELECT * FROM ranked WHERE n = 1
"""


def start_year(year: str) -> int:
    """2024 for "2024-2025"."""
    return int(year[:4])


def year_label(start: int) -> str:
    return f"{start}-{start + 1}"


def history(conn: sqlite3.Connection, code: str) -> dict[str, Any]:
    """Every file received from a school, merge by merge (by received time within one), with its fate."""
    rows = conn.execute(
        "SELECT r.*, m.generated, m.unit AS merge_unit FROM receipts r JOIN merges m ON m.id = r.merge_id"
        " WHERE r.school_key = ? ORDER BY r.merge_id, r.received, r.id", (code_key(code),)).fetchall()
    files = [{
        "merged_at": r["generated"], "unit": r["merge_unit"], "file": r["file"], "status": r["status"],
        "reason": r["reason"], "school_year": r["school_year"], "review": r["review"], "revision": r["revision"],
        "saved": r["saved"], "received": r["received"], "sha256": r["sha256"], "mail_from": r["mail_from"],
        "mail_subject": r["mail_subject"],
    } for r in rows]
    name = next((r["school_name"] for r in reversed(rows) if r["school_name"]), None)
    return {"school_code": code, "school_name": name, "files": files}


def three_years(conn: sqlite3.Connection, code: str, to_year: str | None = None) -> dict[str, Any]:
    """The plan and results of each of three consecutive years (TT57 Điều 16), ending at `to_year`."""
    plans = {p["school_year"]: p for p in _latest(conn) if p["school_key"] == code_key(code)}
    last = start_year(to_year) if to_year else max((start_year(y) for y in plans), default=None)
    years = [] if last is None else [_year_row(plans.get(year_label(s)), year_label(s)) for s in range(last - 2, last + 1)]
    name = next((p["school_name"] for p in plans.values()), None)
    return {"school_code": code, "school_name": name, "years": years,
            "complete": bool(years) and all(y["plan"] and y["review"] == "year_end" for y in years)}


def _year_row(plan: sqlite3.Row | None, year: str) -> dict[str, Any]:
    if plan is None:
        return {"school_year": year, "plan": False, "framework": None, "review": None, "reached": None,
                "actions": 0, "completed": 0, "ratio": None, "revision": None}
    return {"school_year": year, "plan": True, "framework": plan["framework"], "review": plan["review"],
            "reached": plan["reached"], "actions": plan["actions"], "completed": plan["completed"],
            "ratio": _ratio(plan["completed"], plan["actions"]) if plan["review"] != "none" else None,
            "revision": plan["revision"]}


def weak_criteria(conn: sqlite3.Connection, below: int = 2, years: int = 3) -> list[dict[str, Any]]:
    """Criteria a school assessed below Mức `below` in `years` consecutive school years (same framework)."""
    levels: dict[tuple[str, str, str], dict[int, int]] = defaultdict(dict)
    names: dict[str, sqlite3.Row] = {}
    for row in conn.execute(f"SELECT p.*, a.criterion, a.level FROM ({LATEST_PLANS}) p "
                            "JOIN assessments a ON a.plan_id = p.id WHERE a.level IS NOT NULL "
                            "AND a.criterion NOT LIKE 'M4.%'"):
        levels[(row["school_key"], row["framework"], row["criterion"])][start_year(row["school_year"])] = row["level"]
        names[row["school_key"]] = row
    found = []
    for (key, framework, criterion), by_year in sorted(levels.items()):
        run = _last_run([y for y, level in sorted(by_year.items()) if level < below])
        if len(run) >= years:
            school = names[key]
            found.append({"school_code": school["school_code"], "school_name": school["school_name"],
                          "unit": school["unit"], "framework": framework, "criterion": criterion,
                          "years": [year_label(y) for y in run], "levels": [by_year[y] for y in run]})
    return found


def _last_run(starts: list[int]) -> list[int]:
    """The last run of consecutive years in a sorted list."""
    run: list[int] = []
    for year in starts:
        run = run + [year] if run and year == run[-1] + 1 else [year]
    return run


def completion(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    """Completed / planned actions by unit and school year, over plans that have been reviewed."""
    rows = conn.execute(
        f"SELECT unit, school_year, count(*) AS schools, sum(review != 'none') AS reviewed,"
        f" sum(CASE WHEN review != 'none' THEN actions ELSE 0 END) AS actions,"
        f" sum(CASE WHEN review != 'none' THEN completed ELSE 0 END) AS completed"
        f" FROM ({LATEST_PLANS}) GROUP BY unit, school_year ORDER BY school_year, unit").fetchall()
    return [{"unit": r["unit"], "school_year": r["school_year"], "schools": r["schools"], "reviewed": r["reviewed"],
             "actions": r["actions"], "completed": r["completed"], "ratio": _ratio(r["completed"], r["actions"])}
            for r in rows]


def _latest(conn: sqlite3.Connection) -> list[sqlite3.Row]:
    return conn.execute(LATEST_PLANS).fetchall()


def _ratio(done: int, total: int) -> float | None:
    return round(done / total, 4) if total else None
