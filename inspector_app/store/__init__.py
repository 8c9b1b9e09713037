"""The local store: the SQLite file, its migrations, the change log (outbox), paths, the clock
and the attachment files kept by SHA-256."""
