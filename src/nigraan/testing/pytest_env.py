"""Loaded by pytest before Django starts (``-p nigraan.testing.pytest_env``).

It gives the test run its own data directory (keys, uploads) so tests never touch ./var,
and a cheap argon2 cost so thousands of test logins stay fast.
"""

import hashlib
import os
import tempfile

if not os.environ.get("NIGRAAN_TEST_KEEP_DATA_DIR"):
    os.environ["NIGRAAN_DATA_DIR"] = tempfile.mkdtemp(prefix="nigraan-test-")
os.environ.setdefault("NIGRAAN_FAST_PASSWORD_HASHER", "1")
# A real SQLite file (WAL, triggers, several connections), not a shared in-memory database.
os.environ.setdefault(
    "NIGRAAN_TEST_SQLITE", os.path.join(os.environ["NIGRAAN_DATA_DIR"], "test.sqlite3")
)
os.environ.setdefault("NIGRAAN_DEMO_MODE", "0")
# The worker's monthly figures release would add a ledger record to every worker test's log;
# tests that want it turn it on with the settings fixture.
os.environ.setdefault("NIGRAAN_FIGURES_AUTO_PUBLISH", "0")
# Tests may use the simulated SMS gateway (refused at start-up elsewhere outside demo mode).
os.environ.setdefault("NIGRAAN_TEST_RUN", "1")
# Playwright's synchronous API runs an event loop in the test thread; Django would take the
# test's own database calls for async ones. They are not: allow them.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
# Two suite runs at once on one PostgreSQL server (two clones, a developer and CI) must not share
# a test database: each checkout gets its own name unless NIGRAAN_TEST_DB_NAME says otherwise.
os.environ.setdefault(
    "NIGRAAN_TEST_DB_NAME",
    "test_nigraan_" + hashlib.sha256(os.getcwd().encode()).hexdigest()[:10],
)
