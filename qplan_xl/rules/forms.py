"""Load the plan form data files (sections, table columns, review rows, statuses) into frozen objects."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache, cached_property
from importlib import resources
from typing import Any


@dataclass(frozen=True)
class FormColumn:
    """One printed column of a form's table: its label, number "(n)", width share and fields."""

    key: str
    label: str
    width: float
    align: str = "left"
    number: int | None = None
    fields: tuple[str, ...] = ()


@dataclass(frozen=True)
class Section:
    """One numbered section of the document (I, II, ...); fixed_text sections print the form's wording."""

    no: str
    key: str
    title: str
    items: tuple[str, ...] = ()
    fixed_text: bool = False
    note: str = ""


@dataclass(frozen=True)
class Status:
    """One "Mức độ thực hiện" value: English key, label, and whether it counts as done or closed."""

    key: str
    label: str
    done: bool
    closed: bool


@dataclass(frozen=True)
class Review:
    """One of the yearly reviews: key, label, the action field holding its statuses, its usual month."""

    key: str
    label: str
    status_field: str
    month: int


@dataclass(frozen=True)
class PlanForm:
    """A plan form (e.g. TT57 Biểu 2) as data: header, sections, tables, reviews and statuses."""

    id: str
    name: str
    short_name: str
    header: dict[str, str]
    sections: tuple[Section, ...]
    focal_columns: tuple[FormColumn, ...]
    plan_columns: tuple[FormColumn, ...]
    monitoring_columns: tuple[FormColumn, ...]
    reviews: tuple[Review, ...]
    statuses: tuple[Status, ...]
    footer: dict[str, str]
    confidence: str
    provenance: dict[str, Any] = field(repr=False, compare=False, default_factory=dict)

    def section(self, key: str) -> Section:
        return next(s for s in self.sections if s.key == key)

    def status(self, key: str) -> Status | None:
        return self._by_key.get(key)

    @cached_property
    def _by_key(self) -> dict[str, Status]:
        """The first status of each key (status() is asked twice per action)."""
        found: dict[str, Status] = {}
        for s in self.statuses:
            found.setdefault(s.key, s)
        return found

    def status_label(self, key: str | None) -> str:
        found = self.status(key) if key else None
        return found.label if found else ""


def _data_dir() -> Any:
    return resources.files("qplan_xl.rules") / "data" / "forms"


def form_ids() -> tuple[str, ...]:
    """Ids of every plan form data file shipped with the package, sorted."""
    return tuple(sorted(p.name.removesuffix(".json") for p in _data_dir().iterdir() if p.name.endswith(".json")))


@cache
def load_form(form_id: str) -> PlanForm:
    """The plan form of that id; KeyError if no such data file is shipped."""
    if form_id not in form_ids():
        raise KeyError(form_id)
    raw = json.loads((_data_dir() / f"{form_id}.json").read_text(encoding="utf-8"))
    return _form_from_dict(raw)


def _form_from_dict(raw: dict[str, Any]) -> PlanForm:
    return PlanForm(
        id=raw["id"], name=raw["name"], short_name=raw["short_name"], header=dict(raw["header"]),
        sections=tuple(_section(s) for s in raw["sections"]),
        focal_columns=tuple(_column(c) for c in raw["focal_columns"]),
        plan_columns=tuple(_column(c) for c in raw["plan_columns"]),
        monitoring_columns=tuple(_column(c) for c in raw["monitoring_columns"]),
        reviews=tuple(Review(**r) for r in raw["reviews"]),
        statuses=tuple(Status(**s) for s in raw["statuses"]),
        footer=dict(raw["footer"]), confidence=raw["provenance"]["confidence"], provenance=raw["provenance"],
    )


def _section(raw: dict[str, Any]) -> Section:
    return Section(raw["no"], raw["key"], raw["title"], tuple(raw.get("items", ())),
                   bool(raw.get("fixed_text")), raw.get("note", ""))


def _column(raw: dict[str, Any]) -> FormColumn:
    return FormColumn(raw["key"], raw["label"], float(raw["width"]), raw.get("align", "left"),
                      raw.get("number"), tuple(raw.get("fields", ())))
