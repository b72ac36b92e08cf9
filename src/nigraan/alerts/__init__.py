"""Missing-child alerts: CAP 1.2 documents, the Atom feed, targeting, subscribers and SMS text.

The workflow (draft, second-person approval, issue, update, cancel, all-clear as case events) is
built on top of these parts; see docs/alerts.md for what exists and what is still to come.
"""
