"""`python -m qplan_xl.cli` (kept for older scripts): the same as `qplan`."""

from qplan_xl.cli import main

main()
