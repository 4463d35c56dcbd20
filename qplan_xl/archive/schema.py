"""The archive's SQLite schema (a contract: docs/archive.md), its migrations and its connection."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from qplan_xl import messages as m
from qplan_xl.errors import QplanUsageError

APPLICATION_ID = 0x51504C4E  # "QPLN" in the header, so `file` and other tools can tell the archive apart

# Migration N brings the schema from version N to N + 1; each runs once, in one transaction.
MIGRATIONS: tuple[str, ...] = (
    """
    CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    CREATE TABLE blobs (
        sha256 TEXT PRIMARY KEY, size INTEGER NOT NULL, content BLOB
    );
    CREATE TABLE merges (
        id INTEGER PRIMARY KEY, generated TEXT NOT NULL, archived TEXT NOT NULL, unit TEXT NOT NULL,
        school_year TEXT, levels TEXT NOT NULL, roster TEXT, output TEXT
    );
    CREATE TABLE receipts (
        id INTEGER PRIMARY KEY, merge_id INTEGER NOT NULL REFERENCES merges(id),
        sha256 TEXT REFERENCES blobs(sha256), file TEXT NOT NULL, kind TEXT NOT NULL, status TEXT NOT NULL,
        reason TEXT NOT NULL, school_key TEXT, school_code TEXT, school_name TEXT, school_year TEXT,
        school_level TEXT, framework TEXT, revision INTEGER, saved TEXT, review TEXT NOT NULL,
        received TEXT, errors INTEGER NOT NULL, warnings INTEGER NOT NULL,
        mail_container TEXT, mail_from TEXT, mail_date TEXT, mail_subject TEXT, mail_message_id TEXT
    );
    CREATE INDEX receipts_school ON receipts(school_key, school_year);
    CREATE TABLE school_statuses (
        merge_id INTEGER NOT NULL REFERENCES merges(id), school_key TEXT NOT NULL, school_code TEXT NOT NULL,
        school_name TEXT NOT NULL, unit TEXT NOT NULL, school_level TEXT, status TEXT NOT NULL,
        reason TEXT NOT NULL, in_roster INTEGER, PRIMARY KEY (merge_id, school_key)
    );
    CREATE TABLE plans (
        id INTEGER PRIMARY KEY, sha256 TEXT NOT NULL UNIQUE REFERENCES blobs(sha256),
        school_key TEXT NOT NULL, school_code TEXT NOT NULL, school_name TEXT NOT NULL, unit TEXT NOT NULL,
        school_level TEXT NOT NULL, school_year TEXT NOT NULL, framework TEXT NOT NULL, revision INTEGER,
        saved TEXT, received TEXT, review TEXT NOT NULL, reached INTEGER, actions INTEGER NOT NULL,
        completed INTEGER NOT NULL, budget INTEGER NOT NULL
    );
    CREATE INDEX plans_school ON plans(school_key, school_year);
    CREATE TABLE assessments (
        plan_id INTEGER NOT NULL REFERENCES plans(id), criterion TEXT NOT NULL, level INTEGER,
        PRIMARY KEY (plan_id, criterion)
    );
    CREATE TABLE actions (
        plan_id INTEGER NOT NULL REFERENCES plans(id), seq INTEGER NOT NULL, sheet TEXT NOT NULL,
        row INTEGER NOT NULL, standard INTEGER, criterion TEXT NOT NULL, tasks TEXT NOT NULL, lead TEXT NOT NULL,
        start TEXT NOT NULL, end TEXT NOT NULL, cost INTEGER, status_hk1 TEXT, status_year_end TEXT,
        PRIMARY KEY (plan_id, seq)
    );
    """,
)
SCHEMA_VERSION = len(MIGRATIONS)


class ArchiveError(QplanUsageError):
    """The archive cannot be opened (not an archive, written by a newer qplan); the message says why."""


def connect(path: Path | str, *, create: bool = True) -> sqlite3.Connection:
    """Open (or create) the archive, migrated to SCHEMA_VERSION, in WAL mode with foreign keys on."""
    path = Path(path)
    if not create and not path.is_file():
        raise ArchiveError(m.ARCHIVE_TEXT["not_found"].format(path=path))
    try:
        conn = sqlite3.connect(path, isolation_level=None)  # transactions are explicit (BEGIN … COMMIT)
        conn.row_factory = sqlite3.Row
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA busy_timeout = 10000")
        migrate(conn, path)
    except sqlite3.DatabaseError as exc:
        raise ArchiveError(m.ARCHIVE_TEXT["not_archive"].format(path=path, detail=m.sqlite_text(str(exc)))) from exc
    return conn


def migrate(conn: sqlite3.Connection, path: Path) -> None:
    """Apply the migrations this archive has not had yet; running it again changes nothing."""
    conn.execute("BEGIN IMMEDIATE")  # one writer at a time: two merges archiving at once wait their turn
    try:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        app = conn.execute("PRAGMA application_id").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise ArchiveError(m.ARCHIVE_TEXT["too_new"].format(path=path, version=version))
        if app not in (0, APPLICATION_ID) or (version == 0 and _has_tables(conn)):
            raise ArchiveError(m.ARCHIVE_TEXT["not_archive"].format(path=path, detail=m.SQLITE_FOREIGN))
        for number in range(version, SCHEMA_VERSION):
            for statement in MIGRATIONS[number].split(";"):
                if statement.strip():
                    conn.execute(statement)
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        conn.execute("INSERT OR REPLACE INTO meta VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),))
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise


def _has_tables(conn: sqlite3.Connection) -> bool:
    return conn.execute("SELECT count(*) FROM sqlite_master WHERE type = 'table'").fetchone()[0] > 0
