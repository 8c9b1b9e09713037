"""Replication: the list of synced tables (each delegating to its aggregate), the wire checks the
server runs, the local copies, the outbox and the checksums that verify a sync."""
