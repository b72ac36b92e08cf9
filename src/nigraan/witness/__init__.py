"""A transparency-log witness (c2sp.org/tlog-witness), run with ``nigraan witness serve``.

It is its own process, with its own data directory, its own Ed25519 key and its own list of
trusted logs, and it needs no Nigraan database: a rights commission, a university or a newspaper
runs it for somebody else's Nigraan. It cosigns a log's checkpoint only when it is consistent
with the last one it cosigned for that log, so a log can never show it two histories.
See docs/witness.md.
"""
