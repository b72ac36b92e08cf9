"""Print a PostgreSQL DATABASE_URL if a server is reachable, else nothing (used by `make test`).

Tries $DATABASE_URL when it points at PostgreSQL, then postgres://postgres@127.0.0.1:5432/nigraan.
"""

import os
import sys

candidates = []
env = os.environ.get("DATABASE_URL", "")
if env.startswith(("postgres://", "postgresql://")):
    candidates.append(env)
candidates.append("postgres://postgres@127.0.0.1:5432/nigraan")

try:
    import psycopg
except ImportError:
    sys.exit(0)

for url in candidates:
    admin_url = url.rsplit("/", 1)[0] + "/postgres"
    try:
        with psycopg.connect(admin_url, connect_timeout=3) as conn:
            conn.execute("select 1")
    except (psycopg.Error, OSError):  # not reachable, or not a usable URL: try the next
        continue
    print(url)
    break
