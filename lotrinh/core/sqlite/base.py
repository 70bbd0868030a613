"""SQLite whose writers wait their turn instead of polling for it.

SQLite lets one writer in at a time; the others retry on a back-off that grows to 100 ms a try, so under
many writers a late comer who retries at 1 ms overtakes one who has been waiting for seconds. Measured
with 20 teachers saving rolls at once, the median save took 0.5 s and the slowest 3 s. Here a write
transaction (every ``atomic()`` block: ``transaction_mode`` is IMMEDIATE) first takes an exclusive
``flock`` on a file beside the database: the kernel wakes a waiter the moment the holder commits or
rolls back, nobody sleeps through a free lock, and SQLite's own busy timeout is left for the writes made
outside ``atomic()``. An in-memory database (the tests) has no file and no other process: no lock.
"""

import fcntl
import os

from django.db.backends.sqlite3 import base


class DatabaseWrapper(base.DatabaseWrapper):
    _writer_lock_fd: int | None = None
    _writer_lock_held = False

    def _writer_lock_path(self) -> str | None:
        name = str(self.settings_dict["NAME"])
        return None if self.is_in_memory_db() else f"{name}-writer.lock"

    def _writer_lock_acquire(self) -> None:
        path = self._writer_lock_path()
        if path is None:
            return
        if self._writer_lock_fd is None:
            self._writer_lock_fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        fcntl.flock(self._writer_lock_fd, fcntl.LOCK_EX)
        self._writer_lock_held = True

    def _writer_lock_release(self) -> None:
        if self._writer_lock_held:
            fcntl.flock(self._writer_lock_fd, fcntl.LOCK_UN)
            self._writer_lock_held = False

    def _start_transaction_under_autocommit(self):
        self._writer_lock_acquire()
        try:
            super()._start_transaction_under_autocommit()
        except BaseException:
            self._writer_lock_release()
            raise

    def _commit(self):
        try:
            return super()._commit()
        finally:
            self._writer_lock_release()

    def _rollback(self):
        try:
            return super()._rollback()
        finally:
            self._writer_lock_release()

    def _close(self):
        try:
            return super()._close()
        finally:
            self._writer_lock_release()
            if self._writer_lock_fd is not None:
                os.close(self._writer_lock_fd)
                self._writer_lock_fd = None
