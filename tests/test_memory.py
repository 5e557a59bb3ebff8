"""Linting many models in one process keeps none of them alive (shared work is cached on the model)."""

from __future__ import annotations

import gc
import weakref

from conftest import CORPUS, fixture_path, needs_corpus

from mllint.api import Linter
from mllint.discovery import resolve
from mllint.engine import RuleSet, check_model
from mllint.facts import collect_facts
from mllint.loader import load


def _lint_and_forget(path) -> weakref.ref:
    linter = Linter.create()
    [artifact] = resolve([str(path)])
    loaded = load(artifact)
    assert check_model(loaded, RuleSet(linter.registry.rules)) is not None
    collect_facts(linter.manager, loaded)
    return weakref.ref(loaded.root)


def test_a_linted_model_is_freed() -> None:
    ref = _lint_and_forget(fixture_path("ml101_yolo_nms_fp16.mlpackage"))
    gc.collect()
    assert ref() is None, "a module-level cache still holds the model"


@needs_corpus
def test_a_linted_corpus_program_is_freed() -> None:
    ref = _lint_and_forget(CORPUS / "ultralytics" / "yolo11n-seg_nms_int8.mlpackage")
    gc.collect()
    assert ref() is None


def test_lint_artifact_frees_the_model_at_once_without_a_garbage_collection(monkeypatch) -> None:
    """The engine releases a linted tree (Model.release), so reference counting frees it: nothing is
    left for the garbage collector, or for the interpreter's shutdown."""
    from mllint import engine

    refs: list[weakref.ref] = []
    real_load = engine.load

    def load_and_watch(artifact):
        loaded = real_load(artifact)
        refs.append(weakref.ref(loaded))
        for model in loaded.root.walk():
            refs.extend(weakref.ref(x) for x in (model, *model.graphs))
        return loaded

    monkeypatch.setattr(engine, "load", load_and_watch)
    linter = Linter.create()
    for name in ("ml101_yolo_nms_fp16.mlpackage", "ml202_output_reshape.mlpackage", "ml122_branch_output.mlmodel"):
        [artifact] = resolve([str(fixture_path(name))])
        gc.collect()
        gc.disable()
        try:
            report = engine.lint_artifact(artifact, RuleSet(linter.registry.rules), linter.manager)
            assert report.diagnostics and len(refs) >= 3
            assert [r() for r in refs] == [None] * len(refs), name
        finally:
            gc.enable()
        refs.clear()
