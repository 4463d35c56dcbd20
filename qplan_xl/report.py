"""Issues and the validation report, with text and JSON rendering."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import Any

from qplan_xl import messages
from qplan_xl.rules.catalog import find_framework

ERROR = "error"
WARNING = "warning"
GROUP_LIMIT = 25  # issues listed per (code, sheet); the rest are counted in one `more-issues` issue


@dataclass(frozen=True)
class Issue:
    """One finding: stable code, severity, position and a Vietnamese message."""

    code: str
    severity: str
    sheet: str | None
    cell: str | None
    field: str | None
    message: str
    value: Any = None

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["value"] = _jsonable(self.value)
        return data


@dataclass
class Report:
    """Every issue found in one file; valid when there is no error."""

    file: str
    framework: str | None = None
    issues: list[Issue] = field(default_factory=list)
    _group_sizes: dict[tuple[str, str | None], int] = field(default_factory=dict, repr=False)

    def add(
        self,
        code: str,
        severity: str,
        sheet: str | None = None,
        cell: str | None = None,
        field: str | None = None,
        value: Any = None,
        **params: Any,
    ) -> Issue:
        text = messages.issue_message(
            code, sheet=sheet or "", cell=cell or "", value=_shown(value), **params
        )
        issue = Issue(code, severity, sheet, cell, field, text, value)
        group = (code, sheet)
        self._group_sizes[group] = self._group_sizes.get(group, 0) + 1
        if self._group_sizes[group] <= GROUP_LIMIT:
            self.issues.append(issue)
        return issue

    def close(self) -> None:
        """Add one `more-issues` issue per group that went over GROUP_LIMIT (a 100,000-row paste)."""
        for (code, sheet), size in self._group_sizes.items():
            if size > GROUP_LIMIT:
                severity = next(i.severity for i in self.issues if (i.code, i.sheet) == (code, sheet))
                text = messages.issue_message(
                    "more-issues", sheet=sheet or "", count=size - GROUP_LIMIT, kind=code
                )
                self.issues.append(Issue("more-issues", severity, sheet, None, None, text, code))
        self._group_sizes.clear()

    def error(self, code: str, **kwargs: Any) -> Issue:
        return self.add(code, ERROR, **kwargs)

    def warning(self, code: str, **kwargs: Any) -> Issue:
        return self.add(code, WARNING, **kwargs)

    @property
    def errors(self) -> int:
        return sum(1 for i in self.issues if i.severity == ERROR)

    @property
    def warnings(self) -> int:
        return sum(1 for i in self.issues if i.severity == WARNING)

    @property
    def valid(self) -> bool:
        return self.errors == 0

    def flatten(self, *keys: str) -> list[tuple[Any, ...]]:
        """Issues as tuples of the given attributes, e.g. flatten('code', 'sheet', 'cell')."""
        return [tuple(getattr(i, k) for k in keys) for i in self.issues]

    def codes(self) -> set[str]:
        return {i.code for i in self.issues}

    def to_dict(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "valid": self.valid,
            "framework": self.framework,
            "errors": self.errors,
            "warnings": self.warnings,
            "issues": [i.to_dict() for i in self.issues],
        }

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2)

    def to_text(self) -> str:
        return render_text(self)


def render_text(report: Report) -> str:
    """Vietnamese text report, issues grouped by sheet in workbook order of appearance."""
    lines = [messages.REPORT["header"].format(file=report.file)]
    if report.framework:
        lines.append(messages.REPORT["framework"].format(framework=_framework_label(report.framework)))
    for sheet, issues in _by_sheet(report.issues).items():
        title = messages.REPORT["sheet"].format(sheet=sheet) if sheet else messages.REPORT["workbook"]
        lines.append("")
        lines.append(title)
        lines.extend(_issue_line(i) for i in issues)
    if not report.issues:
        lines.append(messages.REPORT["none"])
    lines.append("")
    key = "valid" if report.valid else "invalid"
    lines.append(messages.REPORT[key].format(errors=report.errors, warnings=report.warnings))
    return "\n".join(lines)


def _framework_label(framework_id: str) -> str:
    found = find_framework(framework_id)
    return found.label if found else framework_id


def _by_sheet(issues: list[Issue]) -> dict[str | None, list[Issue]]:
    groups: dict[str | None, list[Issue]] = {}
    for issue in sorted(issues, key=lambda i: i.sheet is not None):
        groups.setdefault(issue.sheet, []).append(issue)
    return groups


def _issue_line(issue: Issue) -> str:
    shown = issue.cell and issue.cell not in issue.message  # most messages already name their cell
    where = messages.REPORT["cell"].format(cell=issue.cell) if shown else ""
    severity = messages.REPORT[issue.severity]
    return messages.REPORT["line"].format(severity=severity, where=where, message=issue.message)


def _shown(value: Any) -> str:
    """A value as it appears inside a message: short, one line."""
    if value is None:
        return ""
    text = " ".join(str(value).split())
    return text if len(text) <= 60 else text[:57] + "..."


def _jsonable(value: Any) -> Any:
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)
