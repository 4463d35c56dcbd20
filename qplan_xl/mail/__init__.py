"""E-mail in (zip, .eml, mbox and .msg inputs expanded into workbooks) and e-mail out (return drafts)."""

from qplan_xl.mail.inbox import Inbox
from qplan_xl.mail.outbox import Draft, Letter, Returned, write_drafts
from qplan_xl.mail.received import Origin, Received, origin_label

__all__ = ["Draft", "Inbox", "Letter", "Origin", "Received", "Returned", "origin_label", "write_drafts"]
