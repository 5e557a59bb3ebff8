"""Linting many models in one process keeps none of them alive (shared work is cached on the model)."""

from __future__ import annotations

import gc
import weakref

from conftest import CORPUS, fixture_path, needs_corpus
from mllint.api import Linter
from mllint.discovery import resolve
from mllint.engine import RuleSet, check_model, collect_facts
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
