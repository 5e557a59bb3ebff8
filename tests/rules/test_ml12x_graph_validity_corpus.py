"""ML120-ML126 over the real-world corpus: models from working projects and converters; none fires."""

from __future__ import annotations

from conftest import CORPUS, lint_path, needs_corpus

GRAPH_RULES = ["ML120", "ML121", "ML122", "ML123", "ML124", "ML125", "ML126"]


@needs_corpus
def test_graph_rules_are_quiet_on_the_corpus() -> None:
    found = lint_path(CORPUS, select=GRAPH_RULES)
    assert [f"{d.path}:{d.location}: {d.code} {d.message}" for d in found] == []
