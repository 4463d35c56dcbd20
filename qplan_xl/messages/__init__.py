"""Every Vietnamese string the user sees, keyed by stable English ids, split by audience."""

# `labels` holds what the tools also read back (a contract versioned with the template, see
# tests/test_messages.py); the other modules are prose that can be reworded freely.

from qplan_xl.messages.commands import *  # noqa: F403
from qplan_xl.messages.documents import *  # noqa: F403
from qplan_xl.messages.failures import *  # noqa: F403
from qplan_xl.messages.history import *  # noqa: F403
from qplan_xl.messages.install import *  # noqa: F403
from qplan_xl.messages.issues import *  # noqa: F403
from qplan_xl.messages.issues import fill, issue_message  # noqa: F401
from qplan_xl.messages.labels import *  # noqa: F403
from qplan_xl.messages.office import *  # noqa: F403
from qplan_xl.messages.workbook import *  # noqa: F403
