"""One exception base for qplan's failures: a Vietnamese message and the exit code it ends in."""

from __future__ import annotations

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2  # DESIGN 5.1


class QplanError(Exception):
    """A failure told to the user in Vietnamese (`message`); the CLI then exits with `exit_code`."""

    exit_code = EXIT_INVALID

    @property
    def message(self) -> str:
        return str(self)


class QplanUsageError(QplanError):
    """The call itself cannot be carried out as given (a missing option, no input at all)."""

    exit_code = EXIT_USAGE


class BadArgument(QplanUsageError):
    """A library function was given a value of the wrong kind (None where a Plan is needed)."""
