"""view: interactive HTML network views that open offline.

Three parts: ``select`` (which part of the graph a view shows), ``layout`` (positions for large
views) and ``page`` (the records and the HTML).
"""

from .page import GROUPS, InlineView, render
from .select import subgraph

__all__ = ["GROUPS", "InlineView", "render", "subgraph"]
