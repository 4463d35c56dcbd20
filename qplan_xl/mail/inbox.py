"""Inputs that are containers (zip, .eml, mbox, .msg) unpacked into a private temporary folder."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any, BinaryIO

from qplan_xl import messages as m
from qplan_xl.mail.letters import (
    expand_eml,
    expand_mbox,
    expand_mbox_part,
    expand_msg,
    mbox_parts,
    preload_msg,
)
from qplan_xl.mail.received import MAX_DEPTH, MAX_TOTAL_BYTES, Origin, Received, safe_name
from qplan_xl.mail.zips import expand_zip, is_workbook

MBOX_START = b"From "
EXPANDERS = {".zip": "zip", ".eml": "eml", ".mbox": "mbox", ".mbx": "mbox", ".msg": "msg"}
CONTAINER_FAILURE = {"zip": "zip-unreadable"}  # the others: mail-unreadable
PARALLEL_MIN = 4  # containers from which unpacking them in parallel pays for starting the processes
# runner(function, calls): function(*call) for each call, in order, e.g. in worker processes
Runner = Callable[[Callable[..., "Unpacked"], list[tuple[Any, ...]]], Iterator["Unpacked"]]
Unpacked = tuple[list[Received], int]  # what one call gave, and the bytes it unpacked


class Inbox:
    """`with Inbox(found) as inbox:` every received file in `inbox.received`, gone after the block.

    With a `runner` (the merge's worker processes), the containers are unpacked in parallel, each
    into a folder of its own; whatever the runner does not give back is unpacked here.
    """

    def __init__(self, found: Sequence[tuple[Path, str]], runner: Runner | None = None,
                 root: Path | None = None) -> None:
        """`root`: an existing private folder to unpack into (a worker's part of another inbox's)."""
        self._found = list(found)
        self._runner = runner
        self._root: Path | None = root
        self._names: dict[str, int] = {}  # unpacked file names (casefolded) -> files of that name so far
        self._made: list[Path] = []  # folders 1, 2, ... made so far
        self._budget = MAX_TOTAL_BYTES
        self.received: list[Received] = []

    def __enter__(self) -> Inbox:
        try:
            unpacked = self._in_parallel()
            for index, (path, shown) in enumerate(self._found):
                if index in unpacked:
                    self.received.extend(unpacked[index])
                    continue
                self._budget = MAX_TOTAL_BYTES
                self.take(path, shown, None, 0)
        except BaseException:  # Ctrl+C, SIGTERM while unpacking: `with` will not call __exit__
            self.__exit__(None, None, None)
            raise
        return self

    def _in_parallel(self) -> dict[int, list[Received]]:
        """input index -> what its container gave, for the containers the runner unpacked."""
        containers = [(index, path, shown) for index, (path, shown) in enumerate(self._found)
                      if _is_container(path)]
        unpacked: dict[int, list[Received]] = {}
        if self._runner is None or len(containers) < PARALLEL_MIN:
            return unpacked
        if any(container_kind(path) == "msg" for _, path, _ in containers):
            preload_msg()  # once here, not once per (forked) worker process
        root = self._private_root()
        calls: list[tuple[Any, ...]] = []
        owners: list[int] = []  # the input each call unpacks (a large mailbox: a part of it)
        mailboxes: set[int] = set()
        for index, path, shown in containers:
            parts = mbox_parts(path) if container_kind(path) == "mbox" else None
            for number, part in enumerate(parts or [None]):
                calls.append((root / f"c{index}-{number}", path, shown, part))
                owners.append(index)
            if parts:
                mailboxes.add(index)
        found: dict[int, list[Received]] = {index: [] for index in owners}
        done, spent = dict.fromkeys(owners, 0), dict.fromkeys(owners, 0)
        try:
            for index, (received, size) in zip(owners, self._runner(unpack_into, calls), strict=False):
                found[index].extend(received)
                done[index] += 1
                spent[index] += size
        except Exception:  # the processes failed (none can start here...): the rest is unpacked here
            pass
        for index, path, shown in containers:
            # a mailbox's parts each had the whole budget: over it together, one process decides what is refused
            if done.get(index) == owners.count(index) and (index not in mailboxes or spent[index] <= MAX_TOTAL_BYTES):
                unpacked[index] = found[index] or ([Received(path, shown, None, "mail-no-attachment")]
                                                   if index in mailboxes else [])
        return unpacked

    def _private_root(self) -> Path:
        if self._root is None:
            self._root = Path(tempfile.mkdtemp(prefix="qplan-mail-"))  # private: mode 0700
        return self._root

    def __exit__(self, *exc: object) -> None:
        if self._root is not None:
            shutil.rmtree(self._root, ignore_errors=True)
            self._root = None

    # --- the Sink the expanders write into ---------------------------------------------------------

    def create(self, name: str) -> tuple[Path, BinaryIO]:
        """A new file named `name` (a safe name) to unpack into, open for writing: the n-th file of
        that name goes into folder n, so each keeps its own name and no folder is made per file (a
        thousand attachments, a thousand folders, cost more than reading them). It is created
        exclusively: a name the file system takes for another file's (Windows' short 8.3 names,
        its own case rules) moves it to the next folder, so nothing is ever overwritten."""
        root = self._private_root()
        key = name.casefold()  # as Windows and macOS compare names (safe_name made it NFC)
        while True:
            count = self._names[key] = self._names.get(key, 0) + 1
            folder = root / str(count)
            if count > len(self._made):
                folder.mkdir()
                self._made.append(folder)
            try:
                return folder / name, (folder / name).open("xb")
            except FileExistsError:
                continue

    def take(self, path: Path, shown: str, origin: Origin | None, depth: int) -> None:
        kind = container_kind(path)
        if kind is None or (kind == "zip" and is_workbook(path)):  # a workbook renamed .zip is a workbook
            self.received.append(Received(path, shown, origin))
        elif depth >= MAX_DEPTH:
            self.refuse(shown, "mail-too-deep", origin, path)
        else:
            self._expand(kind, path, shown, origin, depth)

    def refuse(self, shown: str, code: str, origin: Origin | None = None, path: Path | None = None,
               **params: Any) -> None:
        """`path`: the refused file when it is on disk (a container); else a member never unpacked."""
        where = path or Path(tempfile.gettempdir()) / "qplan-refused" / safe_name(shown)
        self.received.append(Received(where, shown, origin, code, params))

    @property
    def spent(self) -> int:
        """Bytes unpacked from the current input."""
        return MAX_TOTAL_BYTES - self._budget

    def spend(self, size: int) -> bool:
        self._budget -= size
        return self._budget >= 0

    def _expand(self, kind: str, path: Path, shown: str, origin: Origin | None, depth: int) -> None:
        try:
            if kind == "zip":
                expand_zip(path, shown, origin, depth, self)
            elif kind == "eml":
                expand_eml(path, shown, depth, self)
            elif kind == "mbox":
                expand_mbox(path, shown, depth, self)
            else:
                expand_msg(path, shown, depth, self)
        except Exception as exc:  # a hostile or broken container must not stop the merge
            code = CONTAINER_FAILURE.get(kind, "mail-unreadable")
            self.refuse(shown, code, origin, path, detail=m.exception_text(exc))  # never the library's English


def unpack_into(folder: Path, path: Path, shown: str, part: list[tuple[int, int, int]] | None = None) -> Unpacked:
    """What one input gives (`part`: those messages of a large mailbox), unpacked into `folder`
    (made here, inside the inbox's private folder, which removes it), and the bytes unpacked: run in
    a worker process for `Inbox(..., runner)`. A mailbox part that fails raises: the whole mailbox is
    then unpacked again in the main process, and fails whole, as it always did."""
    folder.mkdir()
    inbox = Inbox([(path, shown)] if part is None else [], root=folder)  # never left: the files stay
    if part is None:
        inbox.__enter__()
    else:
        expand_mbox_part(path, shown, part, 0, inbox)
    return inbox.received, inbox.spent


def _is_container(path: Path) -> bool:
    kind = container_kind(path)
    return kind is not None and not (kind == "zip" and is_workbook(path))


def container_kind(path: Path) -> str | None:
    """`zip`, `eml`, `mbox` or `msg` for a container by its name (an mbox may have none), else None."""
    kind = EXPANDERS.get(path.suffix.lower())
    if kind is not None or path.suffix:
        return kind
    try:
        with path.open("rb") as handle:
            return "mbox" if handle.read(len(MBOX_START)) == MBOX_START else None
    except OSError:
        return None
