"""Reviewing press incidents: confirm, set aside, merge, correct a field, link to a case or open
one, and escalate confirmed incidents that stay without a case (issue 13 item 4)."""
