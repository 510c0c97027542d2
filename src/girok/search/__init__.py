"""Full-text search across Korean and English evidence (see README "Search").

The public API: :class:`SearchIndex` (kept current by the services, rebuilt by ``reindex``),
:func:`search` and its :class:`SearchResult`, and :class:`QueryError` for a query that cannot be run.
"""

from girok.search.index import ReindexReport, SearchIndex
from girok.search.query import QueryError
from girok.search.searcher import Hit, SearchResult, search

__all__ = ["Hit", "QueryError", "ReindexReport", "SearchIndex", "SearchResult", "search"]
