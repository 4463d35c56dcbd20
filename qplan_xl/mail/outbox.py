"""Drafts returned to the schools that must resend: one .eml (opens as a draft) and one Zalo text each."""

from __future__ import annotations

import datetime as dt
import email.errors
import email.policy
import email.utils
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from qplan_xl import messages as m
from qplan_xl.mail.received import Origin, safe_name, shown_date
from qplan_xl.output import atomic_write
from qplan_xl.report import WARNING, Issue, Report
from qplan_xl.workbook.annotate import AnnotateError, annotate_copy

XLSX = ("application", "vnd.openxmlformats-officedocument.spreadsheetml.sheet")
DRAFTS = m.MAIL_DRAFT
IssueTuple = tuple[str, str, "str | None", "str | None", str]  # severity, code, sheet, cell, message


@dataclass(frozen=True)
class Returned:
    """One received file sent back: its issues, and the file itself when it can be annotated."""

    shown: str
    status: str  # Vietnamese status label
    issues: tuple[IssueTuple, ...]
    path: Path | None = None  # a workbook to annotate and attach; None when it cannot be opened
    origin: Origin | None = None


@dataclass(frozen=True)
class Letter:
    """What one school (or one sender no school could be tied to) is told."""

    code: str
    name: str
    reason: str  # the clerk's wording (the merge's school reason); the letter lists the files instead
    files: tuple[Returned, ...]

    @property
    def origin(self) -> Origin | None:
        """The message to answer: the first file's that came by e-mail."""
        return next((f.origin for f in self.files if f.origin is not None and f.origin.address), None)

    @property
    def school(self) -> str:
        return DRAFTS["school"].format(name=self.name, code=self.code) if self.code else ""

    @property
    def stem(self) -> str:
        origin = self.origin
        return safe_name(f"{self.code} - {self.name}" if self.code else (origin.address if origin else "thu"))


@dataclass(frozen=True)
class Draft:
    """The files written for one letter."""

    code: str
    to: str
    eml: Path
    text: Path


def write_drafts(letters: Sequence[Letter], folder: Path | str, *, office: str = "", year: str | None = None,
                 sender: str = "") -> list[Draft]:
    """Write `<code> - <name>.eml` and `.txt` per letter into `folder` (created); existing files are replaced."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    return [_write(letter, folder, office or DRAFTS["office"], year, sender) for letter in letters]


def _write(letter: Letter, folder: Path, office: str, year: str | None, sender: str) -> Draft:
    eml, text = folder / f"{letter.stem}.eml", folder / f"{letter.stem}.txt"
    data = draft_message(letter, office, year, sender).as_bytes(policy=email.policy.SMTP)
    atomic_write(eml, lambda tmp: tmp.write_bytes(data))
    zalo = zalo_text(letter, office, year)
    atomic_write(text, lambda tmp: tmp.write_text(zalo, encoding="utf-8-sig", newline="\r\n"))
    origin = letter.origin
    return Draft(letter.code, origin.address if origin else "", eml, text)


def draft_message(letter: Letter, office: str, year: str | None, sender: str = "") -> email.message.EmailMessage:
    """The RFC 5322 draft (X-Unsent: 1 makes Outlook open it ready to send), body and annotated copies."""
    msg = email.message.EmailMessage(policy=email.policy.SMTP)
    origin = letter.origin
    _header(msg, "From", sender)
    if origin is not None:
        _header(msg, "To", origin.address)
        _header(msg, "In-Reply-To", origin.message_id)
        _header(msg, "References", origin.message_id)
    school = letter.school
    msg["Subject"] = DRAFTS["subject"].format(school=school) if school else DRAFTS["subject_unknown"]
    msg["Date"] = email.utils.format_datetime(dt.datetime.now().astimezone())
    msg["Message-ID"] = email.utils.make_msgid(domain="qplan.invalid")
    msg["X-Unsent"] = "1"
    copies = list(_annotated(letter.files))
    msg.set_content(body_text(letter, office, year, {number for number, _, _ in copies}), charset="utf-8")
    for _, name, data in copies:
        msg.add_attachment(data, maintype=XLSX[0], subtype=XLSX[1], filename=name)
    return msg


def _header(msg: email.message.EmailMessage, name: str, value: str) -> None:
    """Set a header taken from a received message; a value the policy refuses is left out."""
    if not value:
        return
    try:
        msg[name] = value
    except (ValueError, email.errors.HeaderParseError):
        del msg[name]


def body_text(letter: Letter, office: str, year: str | None, attached: set[int]) -> str:
    """The e-mail's text: the school's status, then each file with its issues, cell by cell."""
    school = letter.school
    lines = [DRAFTS["greeting"].format(school=school) if school else DRAFTS["greeting_unknown"], "",
             DRAFTS["intro"].format(office=office, year=_year(year))]
    for number, returned in enumerate(letter.files):
        lines += ["", *_file_lines(returned, number in attached)]
    return "\n".join([*lines, "", DRAFTS["closing"], office, ""])


def zalo_text(letter: Letter, office: str, year: str | None) -> str:
    """A short text to paste into Zalo: who, what to fix (every cell), where the details are."""
    head = DRAFTS["zalo_head"].format(office=office, school=letter.school or DRAFTS["zalo_unknown"],
                                      year=_year(year))
    lines = [head]
    for returned in letter.files:
        lines += _file_lines(returned, None)
    return "\n".join([*lines, DRAFTS["zalo_tail"], ""])


def _file_lines(returned: Returned, attached: bool | None) -> list[str]:
    origin = returned.origin
    where = DRAFTS["file_origin"].format(date=shown_date(origin.date), subject=origin.subject) if origin and origin.date else ""
    lines = [DRAFTS["file"].format(file=returned.shown.rsplit("/", 1)[-1], origin=where, status=returned.status)]
    lines += [_issue_line(issue) for issue in returned.issues]
    if attached is not None:
        key = "attached" if attached else "not_attached"
        lines.append(DRAFTS[key].format(name=annotated_name(returned.shown)))
    return lines


def _issue_line(issue: IssueTuple) -> str:
    severity, _, sheet, cell, message = issue
    text = (DRAFTS["warning"] if severity == WARNING else "") + message
    if sheet and cell:
        return DRAFTS["issue_cell"].format(sheet=sheet, cell=cell, message=text)
    return DRAFTS["issue_sheet"].format(sheet=sheet, message=text) if sheet else DRAFTS["issue_file"].format(message=text)


def _year(year: str | None) -> str:
    return DRAFTS["year"].format(year=year) if year else ""


def annotated_name(shown: str) -> str:
    stem = safe_name(shown).rsplit(".", 1)[0]
    return safe_name(DRAFTS["annotated_name"].format(stem=stem))


def _annotated(files: Iterable[Returned]) -> Iterable[tuple[int, str, bytes]]:
    """The annotated copy of each workbook (a file that annotation cannot open is left out)."""
    with tempfile.TemporaryDirectory(prefix="qplan-draft-") as folder:
        for number, returned in enumerate(files):
            if returned.path is None:
                continue
            target = Path(folder) / f"{number}.xlsx"
            try:
                annotate_copy(returned.path, _report(returned), target)
            except (AnnotateError, OSError):
                continue
            yield number, annotated_name(returned.shown), target.read_bytes()


def _report(returned: Returned) -> Report:
    issues = [Issue(code, severity, sheet, cell, None, message) for severity, code, sheet, cell, message in returned.issues]
    return Report(file=returned.shown, issues=issues)
