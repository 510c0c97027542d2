"""Ingest: turning received files into text and metadata.

This package holds, so far, the format readers (:mod:`girok.ingest.readers`) and the language guess
(:mod:`girok.ingest.language`): pure functions from bytes to an :class:`~girok.ingest.readers.base.Extracted`,
with no database, file store or custody record. The content-addressed store, custody entries and the
``girok ingest`` command build on them.
"""
