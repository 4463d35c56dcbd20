"""Generate a realistic district of filled school workbooks (for the merge benchmark and tests).

Plans are built from the framework catalog: every criterion assessed, 22-60 actions aimed mostly
at the weak criteria, owners and funding from the workbook lists, months inside the school year,
costs in round amounts. Texts are drawn from the bundled sample plans, so they are real Vietnamese.
"""

from __future__ import annotations

import json
import random
import re
import zipfile
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from qplan_xl import messages as m
from qplan_xl.model import (
    Action,
    Assessment,
    FocalIssue,
    Level4Result,
    Month,
    Plan,
    SchoolInfo,
    SchoolYear,
    Texts,
)
from qplan_xl.rules.catalog import default_framework
from qplan_xl.workbook.template.build import default_texts, write_workbook

GENERATOR_VERSION = 3  # 2: TT57 plans (Biểu 2 fields, statuses), a Sở's mailbox; 3: 60 prepared rows
SAMPLES = Path(__file__).resolve().parents[1] / "samples" / "src"
LEVEL_WEIGHTS = (("mam-non", 30), ("tieu-hoc", 40), ("thcs", 30))
COST_STEP = 500_000


@dataclass(frozen=True)
class SchoolSpec:
    """Who a generated workbook belongs to."""

    code: str
    name: str
    level: str
    year: int = 2024
    revision: int = 1
    actions: int | None = None  # None: random 22..60
    seed: int = 0
    review: str | None = None  # TT57 plans: statuses filled up to this review ("hk1", "year_end")


@lru_cache(maxsize=1)
def _pool() -> dict[str, list[str]]:
    """Texts of the sample plans: results, tasks, supports, places."""
    pool: dict[str, list[str]] = {"result": [], "tasks": [], "support": [], "place": [], "authority": [],
                                  "signer": []}
    for path in sorted(SAMPLES.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        for key in ("place", "authority", "signer"):
            pool[key].append(data["info"][key])
        for action in data["actions"]:
            for key in ("result", "tasks", "support"):
                if action[key]:
                    pool[key].append(action[key])
    return pool


def roster_schools(count: int, year: int = 2024, seed: int = 7) -> list[SchoolSpec]:
    """`count` schools with 5-digit codes, levels in district proportions."""
    rng = random.Random(seed)
    places = _pool()["place"]
    levels = [lvl for lvl, w in LEVEL_WEIGHTS for _ in range(w)]
    specs = []
    for i in range(count):
        level = rng.choice(levels)
        name = f"{m.SCHOOL_KIND[level]} {rng.choice(places)} {i + 1}"
        specs.append(SchoolSpec(f"{i + 1:05d}", name, level, year, seed=seed * 100_003 + i))
    return specs


def build_plan(spec: SchoolSpec) -> Plan:
    """A valid, realistic plan for `spec` (deterministic for a given spec)."""
    rng = random.Random(spec.seed)
    year = SchoolYear(spec.year)
    framework = default_framework(spec.level, spec.year)
    levels = {c.code: _assessed(rng, c.max_level) for c in framework.criteria}
    info = SchoolInfo(
        authority=rng.choice(_pool()["authority"]), name=spec.name, code=spec.code, level=spec.level,
        year=year, framework=framework.id, target_level=min(3, framework.rule.max_level),
        doc_number=f"{rng.randint(10, 200)}/KH", place=rng.choice(_pool()["place"]),
        signer=rng.choice(_pool()["signer"]), signer_title=m.OWNERS[0].upper(),
    )
    count = spec.actions if spec.actions is not None else rng.randint(22, 60)
    actions = _actions(rng, framework, levels, year, count)
    plan = Plan(
        info=info,
        assessments=tuple(Assessment(code=c, level=v) for c, v in levels.items()),
        level4=tuple(Level4Result(code=i.code, met=rng.random() < 0.4) for i in framework.level4_items),
        actions=tuple(actions),
        texts=Texts(**default_texts(framework, year)),
    )
    return _bieu2(plan, rng, framework, spec.review) if framework.form is not None else plan


def _bieu2(plan: Plan, rng: random.Random, framework: Any, review: str | None) -> Plan:
    """A TT57 plan: the Biểu 2 fields of each action, focal issues, statuses up to `review`."""
    pool = _pool()
    statuses = [s.key for s in framework.form.statuses]
    reviews = [r.key for r in framework.form.reviews]
    upto = reviews.index(review) + 1 if review in reviews else 0
    actions = []
    for action in plan.actions:
        marks = {f"status_{key}": rng.choice(statuses) for key in reviews[:upto]}
        actions.append(action.replace(
            content=action.result, objective=rng.choice(pool["result"]), indicator=rng.choice(pool["result"]),
            evidence=rng.choice(pool["support"]), **marks))
    standards = sorted({a.standard for a in actions if a.standard is not None}) or [1]
    focal = tuple(FocalIssue(standard=no, criteria="", current_state=rng.choice(pool["result"]),
                             weakness=rng.choice(pool["tasks"]), cause=rng.choice(pool["support"]) or "-")
                  for no in standards)
    return plan.replace(actions=tuple(actions), focal_issues=focal)


def _assessed(rng: random.Random, max_level: int) -> int:
    roll = rng.random()
    if roll < 0.65:
        return max_level
    return max(1, max_level - 1) if roll < 0.995 else max(0, max_level - 2)


def _actions(rng: random.Random, framework: Any, levels: dict[str, int], year: SchoolYear,
             count: int) -> list[Action]:
    weak = [c for c in framework.criteria if levels[c.code] < c.max_level]
    criteria = list(framework.criteria)
    rows: dict[str, int] = {}
    actions = []
    for _ in range(count):
        if framework.level4_items and rng.random() < 0.08:
            item = rng.choice(framework.level4_items)
            sheet, standard, code = m.SHEETS["level4"], None, item.code
        else:
            criterion = rng.choice(weak if weak and rng.random() < 0.7 else criteria)
            sheet, standard, code = m.standard_sheet(criterion.standard), criterion.standard, criterion.code
        rows[sheet] = rows.get(sheet, 2) + 1
        actions.append(_action(rng, sheet, rows[sheet], standard, code, year))
    return actions


def _action(rng: random.Random, sheet: str, row: int, standard: int | None, code: str,
            year: SchoolYear) -> Action:
    months = year.months()[1:-2]  # September to June
    start = rng.randrange(len(months) - 1)
    end = rng.randrange(start, len(months))
    cost = rng.choice([None, None, rng.randint(1, 60) * COST_STEP])
    pool = _pool()
    return Action(
        sheet=sheet, row=row, standard=standard, criterion=code,
        result=rng.choice(pool["result"]), tasks=rng.choice(pool["tasks"]),
        lead=rng.choice(m.OWNERS[:10]), partners=", ".join(rng.sample(m.OWNERS[3:15], rng.randint(0, 2))),
        start=months[start], end=months[end],
        funding=rng.choice(m.FUNDING[1:]) if cost else m.FUNDING[0], cost=cost,
        support=rng.choice(pool["support"]) if rng.random() < 0.5 else "", note="",
    )


def write_school(args: tuple[SchoolSpec, str]) -> str:
    """Write one school's workbook (picklable entry point for a process pool)."""
    spec, path = args
    write_workbook(build_plan(spec), path, revision=spec.revision)
    return path


def generate_district(folder: Path, specs: Sequence[SchoolSpec], jobs: int = 1) -> list[Path]:
    """Write one workbook per spec into `folder` (file names from the codes); returns the paths."""
    folder.mkdir(parents=True, exist_ok=True)
    work = [(s, str(folder / f"{s.code}-r{s.revision}.xlsx")) for s in specs]
    if jobs > 1:
        with ProcessPoolExecutor(jobs) as pool:
            done = list(pool.map(write_school, work, chunksize=8))
    else:
        done = [write_school(w) for w in work]
    return [Path(p) for p in done]


def month(text: str) -> Month:
    """'9/2024' -> Month (for tests)."""
    number, year = text.split("/")
    return Month(int(year), int(number))


# --- a Sở's mailbox under TT57 (the scale benchmark) -------------------------------------------------

BIG_PLAN_ACTIONS = 150  # a few schools write very long plans


STAGES = ("term1", "year_end", "next_year")  # what the Sở receives: a year's plans, their year-end review, next year's


def province_specs(count: int, seed: int = 11, stage: str = "term1") -> list[SchoolSpec]:
    """`count` TT57 schools (2026-2027): mixed plan sizes (5 % long plans), half reviewed at HK I.

    `stage`: "year_end", the same plans resent after the year-end review (statuses of both reviews,
    revision 2); "next_year", the plans of 2027-2028 (new actions, not reviewed yet).
    """
    rng = random.Random(seed)
    specs = []
    for spec in roster_schools(count, year=2026, seed=seed):
        size = BIG_PLAN_ACTIONS if rng.random() < 0.05 else None
        review = "hk1" if rng.random() < 0.5 else None
        specs.append(SchoolSpec(**{**spec.__dict__, "actions": size, "review": review}))
    if stage == "year_end":
        specs = [SchoolSpec(**{**s.__dict__, "review": "year_end", "revision": 2}) for s in specs]
    elif stage == "next_year":
        specs = [SchoolSpec(**{**s.__dict__, "year": 2027, "review": None, "seed": s.seed + 7}) for s in specs]
    return specs


def write_province(folder: Path, count: int, units: int = 30, broken: float = 0.02, resubmitted: float = 0.05,
                   jobs: int = 1, seed: int = 11, distinct: int | None = None, stage: str = "term1") -> Path:
    """A Sở's folder of received files and its roster (with a `Cụm` column); returns the roster.

    ~`broken` of the files are cut short (a download that did not finish); ~`resubmitted` of the
    schools sent a second, edited save of the same revision, saved later (DESIGN 5.1). With
    `distinct`, only that many plans (and their second saves) are written with openpyxl (~0.5 s
    each); the other schools' files are copies with their own code and tasks texts (`clone`).
    """
    rng = random.Random(seed)
    specs = province_specs(count, seed, stage)
    bases = specs[: distinct or count]
    files = folder / "hop-thu"
    base_dir = folder / "mau"
    for where in (files, base_dir):
        where.mkdir(parents=True, exist_ok=True)
    again = {s.code for s in specs if rng.random() < resubmitted}
    work = [(s, str(base_dir / f"{s.code}.xlsx")) for s in bases]
    work += [(SchoolSpec(**{**s.__dict__, "seed": s.seed + 1}), str(base_dir / f"{s.code}-2.xlsx")) for s in bases]
    work = [w for w in work if not Path(w[1]).exists()]
    if jobs > 1:
        with ProcessPoolExecutor(jobs) as pool:
            list(pool.map(write_school, work, chunksize=4))
    else:
        for item in work:
            write_school(item)
    lines = ["Mã trường,Tên trường,Cấp học,Cụm"]
    for i, spec in enumerate(specs):
        base = bases[i % len(bases)]
        clone(base_dir / f"{base.code}.xlsx", files / f"{spec.code}.xlsx", base.code, spec.code)
        if spec.code in again:
            resent = files / f"{spec.code}-gui-lai.xlsx"
            clone(base_dir / f"{base.code}-2.xlsx", resent, base.code, spec.code)
            _resave(resent, "2026-10-15T09:30:00Z")
        if rng.random() < broken:
            path = files / f"{spec.code}.xlsx"
            path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
        lines.append(f"{spec.code},{spec.name},{m.SCHOOL_LEVELS[base.level]},Cụm {1 + i % units}")
    roster = folder / "danh-sach-so.csv"
    roster.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return roster


_TASK_CELL = re.compile(rb'(<c r="E(\d+)"[^>]*t="inlineStr"><is><t[^>]*>)([^<]*)(</t>)')


def clone(source: Path, dest: Path, code: str, new_code: str) -> None:
    """A copy of a school's workbook for another school: its code, and its own tasks texts (column E)."""
    old, new = f"<t>{code}</t>".encode(), f"<t>{new_code}</t>".encode()
    suffix = f" ({new_code})".encode()
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED) as out:
        plans = _plan_parts(src)
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename.startswith("xl/worksheets/"):
                data = data.replace(old, new)
            if info.filename in plans and code != new_code:
                data = _TASK_CELL.sub(lambda f: f[1] + f[3] + (suffix if int(f[2]) > 2 else b"") + f[4], data)
            out.writestr(info, data)


def _plan_parts(book: zipfile.ZipFile) -> set[str]:
    """Parts of the sheets TC1 ... of a workbook."""
    ids = dict(re.findall(rb'<sheet [^>]*name="(TC\d+)"[^>]*r:id="(rId\d+)"', book.read("xl/workbook.xml"))).values()
    rels: dict[bytes, bytes] = {}
    for element in re.findall(rb"<Relationship [^>]*>", book.read("xl/_rels/workbook.xml.rels")):
        found = dict(re.findall(rb'(Id|Target)="([^"]+)"', element))
        rels[found[b"Id"]] = found[b"Target"]
    return {"xl/" + rels[i].decode().lstrip("/").removeprefix("xl/") for i in ids if i in rels}


def _resave(path: Path, stamp: str) -> None:
    """Set docProps/core.xml's modified time, as Excel does on every save."""
    with zipfile.ZipFile(path) as source:
        parts = [(i, source.read(i.filename)) for i in source.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for info, data in parts:
            if info.filename == "docProps/core.xml":
                data = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>" + stamp.encode(), data)
            out.writestr(info, data)
