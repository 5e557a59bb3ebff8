"""``conv x3, relu x2, ...``: op types by count, for the Neural Engine rules' messages."""

from __future__ import annotations

from collections import Counter


def ranked_counts(types: Counter[str], limit: int = 6) -> str:
    """The ``limit`` most frequent op types with their counts, most first (ties by name)."""
    ranked = sorted(types.items(), key=lambda kv: (-kv[1], kv[0]))
    text = ", ".join(f"{op_type} x{count}" for op_type, count in ranked[:limit])
    return text + (", ..." if len(ranked) > limit else "")
