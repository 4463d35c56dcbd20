"""E-mail in (zip, .eml, mbox and .msg inputs expanded into workbooks) and e-mail out (return drafts)."""

from qplan_xl.mail.inbox import Inbox
from qplan_xl.mail.received import Origin, Received, origin_label

__all__ = ["Inbox", "Origin", "Received", "origin_label"]
