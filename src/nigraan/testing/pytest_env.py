"""Loaded by pytest before Django starts (``-p nigraan.testing.pytest_env``).

It gives the test run its own data directory (keys, uploads) so tests never touch ./var,
and a cheap argon2 cost so thousands of test logins stay fast.
"""

import os
import tempfile

if not os.environ.get("NIGRAAN_TEST_KEEP_DATA_DIR"):
    os.environ["NIGRAAN_DATA_DIR"] = tempfile.mkdtemp(prefix="nigraan-test-")
os.environ.setdefault("NIGRAAN_FAST_PASSWORD_HASHER", "1")
os.environ.setdefault("NIGRAAN_DEMO_MODE", "0")
