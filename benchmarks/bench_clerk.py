"""A Sở clerk's year at full scale: mailboxes as e-mails, return drafts, the archive, two reviews, two years.

    python benchmarks/bench_clerk.py [--schools 3500] [--jobs N] [--revalidate]

The province of `bench_merge.py --province` (TT57 workbooks of mixed sizes, ~2 % broken, ~5 %
resubmitted, 30 clusters) arrives the way files reach a Sở: a third as one e-mail per school
(.eml), a sixth in one mailbox file (mbox), a sixth as Outlook messages (.msg), a sixth in one
.zip per cluster (legacy file names), the rest saved as files. It arrives three times: the plans of
2026-2027 after the term I review, the same plans resent after the year-end review (statuses of
both reviews, revision 2), and the plans of 2027-2028. Each mailbox is merged with the roster, the
return drafts written and every received file archived in the same archive; then the archive's
questions are asked. Each step is timed, with the size of what it wrote. Not part of the test
suite: timings depend on the machine.
"""

from __future__ import annotations

import argparse
import mailbox
import os
import resource
import sys
import tempfile
import time
import zipfile
from datetime import datetime, timezone
from email.message import EmailMessage
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from bench_merge import cached_province, province_files  # noqa: E402
from msgfile import Attachment, Message, msg_bytes  # noqa: E402

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SENT = datetime(2026, 10, 12, 1, 0, tzinfo=timezone.utc)


def mailbox_of(paths: list[Path], folder: Path) -> list[Path]:
    """The received files packed as e-mails, a mailbox, Outlook messages, zips and plain files."""
    folder.mkdir(parents=True, exist_ok=True)
    box = mailbox.mbox(str(folder / "hop-thu.mbox"))
    zips: dict[str, zipfile.ZipFile] = {}
    for i, path in enumerate(paths):
        code, data = path.stem[:5], path.read_bytes()
        sender, subject = f"Trường {code} <c1.{code}@truong.edu.vn>", f"Kế hoạch cải tiến chất lượng – trường {code}"
        way = i % 6
        if way in (0, 1):
            (folder / f"{path.stem}.eml").write_bytes(_message(sender, subject, path.name, data).as_bytes())
        elif way == 2:
            box.add(_message(sender, subject, path.name, data))
        elif way == 3:
            message = Message(subject=subject, sender_name=f"Trường {code}", sender_address=f"c1.{code}@truong.edu.vn",
                              sent=SENT, attachments=[Attachment(f"Kế hoạch {path.name}", data)])
            (folder / f"{path.stem}.msg").write_bytes(msg_bytes(message))
        elif way == 4:
            cluster = f"cum-{int(code) % 30 + 1:02d}"
            archive = zips.get(cluster) or zips.setdefault(cluster, zipfile.ZipFile(folder / f"{cluster}.zip", "w"))
            archive.writestr(zipfile.ZipInfo(f"Kế hoạch/{path.name}"), data)
        else:
            (folder / path.name).write_bytes(data)
    box.close()
    for archive in zips.values():
        archive.close()
    return sorted(folder.iterdir())


def _message(sender: str, subject: str, name: str, data: bytes) -> EmailMessage:
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = sender, "so@gddt.vn", subject
    msg["Date"] = "Mon, 12 Oct 2026 08:00:00 +0700"
    msg.set_content("Kính gửi Sở, trường gửi kế hoạch cải tiến chất lượng.")
    msg.add_attachment(data, maintype="application", subtype=XLSX.split("/")[1], filename=name)
    return msg


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--schools", type=int, default=3500)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--revalidate", action="store_true",
                        help="the archive validates each new plan again (as before the merge kept them)")
    args = parser.parse_args()
    from qplan_xl.archive import (
        archive_merge,
        completion,
        connect,
        history,
        stored_plans,
        three_years,
        weak_criteria,
    )
    from qplan_xl.merge.core import merge_workbooks

    mailboxes = [(label, *province_files(cached_province(args.schools, args.jobs, stage), args.schools))
                 for label, stage in (("2026-2027, after term I", "term1"),
                                      ("2026-2027, after the year-end review", "year_end"),
                                      ("2027-2028, after term I", "next_year"))]
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        db = root / "kho.sqlite"
        for step, (label, paths, roster) in enumerate(mailboxes, start=1):
            started = time.perf_counter()
            inputs = mailbox_of(paths, root / f"hop-thu-{step}")
            print(f"{label}: {len(paths)} files of {args.schools} schools packed into {len(inputs)} inputs "
                  f"({time.perf_counter() - started:.1f} s, not part of the clerk's day)")
            out, drafts = root / f"so-{step}.xlsx", root / f"thu-tra-lai-{step}"
            started = time.perf_counter()
            result = merge_workbooks(inputs, out, roster=roster, jobs=args.jobs, return_dir=drafts,
                                     return_from="so@gddt.vn", while_received=lambda r: archive_merge(db, r),
                                     keep_plans=not args.revalidate,
                                     stored_plans=stored_plans(db) if db.exists() else frozenset())
            seconds = time.perf_counter() - started
            counts = result.counts()
            print(f"  merge: {seconds:.1f} s ({1000 * seconds / len(paths):.1f} ms per file) — "
                  f"{counts['valid']} valid, {counts['unreadable']} unreadable, {counts['superseded']} superseded, "
                  f"{len(result.files)} files and attachments each with one status; output "
                  f"{out.stat().st_size / 1e6:.1f} MB, {len(list(drafts.glob('*.eml')))} return drafts, "
                  f"archive {db.stat().st_size / 1e6:.1f} MB")
        conn = connect(db)
        for question, ask in (("history of school 00042", lambda: history(conn, "00042")),
                              ("three years of school 00042", lambda: three_years(conn, "00042")),
                              ("criteria below Mức 2 for two years", lambda: weak_criteria(conn, years=2)),
                              ("completion by unit and year", lambda: completion(conn))):
            started = time.perf_counter()
            answer = ask()
            size = len(answer) if isinstance(answer, list) else len(answer.get("files") or answer.get("years") or answer)
            print(f"archive: {question}: {1000 * (time.perf_counter() - started):.0f} ms ({size} rows)")
        conn.close()
        own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
        print(f"peak memory: main {own.ru_maxrss / 1024:.0f} MB, workers {kids.ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
