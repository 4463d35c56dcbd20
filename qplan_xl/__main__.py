"""`python -m qplan_xl …`: the same as `qplan …`, for PCs where `qplan` is not on the PATH."""

from qplan_xl.cli import main

if __name__ == "__main__":  # pragma: no branch
    main()
