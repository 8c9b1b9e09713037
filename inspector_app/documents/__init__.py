"""Enforcement documents shared by every aggregate: number series leased from the server and kept
without gaps, and the issued documents with their frozen content."""
