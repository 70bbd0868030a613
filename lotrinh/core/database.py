"""What the database needs beyond the ORM: fresh planner statistics after bulk loads and every night."""

from django.db import connections

# SQLite reads at most this many index entries per index to estimate it: seconds on 24 million marks, and
# the estimates are as good for choosing a plan as a full scan's.
SQLITE_ANALYSIS_LIMIT = 2000


def planner_statistics_refresh(using: str = "default") -> None:
    """ANALYZE every table, so the query planner knows the sizes that bulk loads changed.

    SQLite keeps no statistics unless told to (a table it never analyzed looks empty to the planner);
    PostgreSQL's autovacuum catches up on its own, but only some time after a load.
    """
    connection = connections[using]
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(f"PRAGMA analysis_limit = {SQLITE_ANALYSIS_LIMIT}")
        cursor.execute("ANALYZE")
