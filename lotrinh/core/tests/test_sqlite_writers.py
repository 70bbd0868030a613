"""SQLite writers queue on a lock beside the database instead of polling for SQLite's own."""

import fcntl
import os
import threading
import time

import pytest
from django.db.utils import ConnectionHandler


@pytest.fixture(autouse=True)
def _own_databases(django_db_blocker):
    # These tests open their own SQLite files, never the test database.
    with django_db_blocker.unblock():
        yield


def _connections(path, *, busy_timeout: float = 20) -> ConnectionHandler:
    options = {"transaction_mode": "IMMEDIATE", "timeout": busy_timeout}
    return ConnectionHandler({"default": {"ENGINE": "lotrinh.core.sqlite", "NAME": str(path), "OPTIONS": options}})


def _begin(connection) -> None:
    # What atomic() does on its way in and out, on a connection outside django.db.connections.
    connection.set_autocommit(False, force_begin_transaction_with_broken_autocommit=True)


def _end(connection, *, commit: bool) -> None:
    connection.commit() if commit else connection.rollback()
    connection.set_autocommit(True)


def _lock_is_free(path) -> bool:
    fd = os.open(f"{path}-writer.lock", os.O_RDWR | os.O_CREAT)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    finally:
        os.close(fd)
    return True


def test_it_lets_a_second_writer_in_when_the_first_commits_however_long_it_waited(tmp_path):
    path = tmp_path / "db.sqlite3"
    # SQLite alone would give up after 0.1 s with "database is locked"; the queue waits the 0.3 s out.
    connections = _connections(path, busy_timeout=0.1)
    first = connections["default"]
    with first.cursor() as cursor:
        cursor.execute("CREATE TABLE t (n integer)")
    events: list[str] = []

    def second_writer() -> None:
        second = connections["default"]  # this thread's own connection
        _begin(second)
        events.append("second began")
        with second.cursor() as cursor:
            cursor.execute("INSERT INTO t VALUES (2)")
        _end(second, commit=True)
        second.close()

    _begin(first)
    with first.cursor() as cursor:
        cursor.execute("INSERT INTO t VALUES (1)")
    thread = threading.Thread(target=second_writer)
    thread.start()
    time.sleep(0.3)
    events.append("first commits")
    _end(first, commit=True)
    thread.join(5)
    assert events == ["first commits", "second began"]
    with first.cursor() as cursor:
        cursor.execute("SELECT n FROM t ORDER BY n")
        assert cursor.fetchall() == [(1,), (2,)]
    assert _lock_is_free(path)
    first.close()


def test_it_frees_the_lock_on_rollback_and_on_close(tmp_path):
    path = tmp_path / "db.sqlite3"
    connection = _connections(path)["default"]
    _begin(connection)
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    assert not _lock_is_free(path)
    _end(connection, commit=False)
    assert _lock_is_free(path)

    _begin(connection)
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    connection.close()
    assert _lock_is_free(path)


def test_it_takes_no_lock_for_a_database_in_memory(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    connection = ConnectionHandler(
        {"default": {"ENGINE": "lotrinh.core.sqlite", "NAME": ":memory:", "OPTIONS": {"transaction_mode": "IMMEDIATE"}}}
    )["default"]
    _begin(connection)
    _end(connection, commit=True)
    assert list(tmp_path.iterdir()) == []
