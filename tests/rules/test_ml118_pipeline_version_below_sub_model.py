"""ML118 pipeline-version-below-sub-model: a pipeline older than what it holds."""

from __future__ import annotations

from conftest import codes, fixture_path, lint_path
from ml1_specs import messages, new_spec, simple_spec

from mllint.diagnostics import Severity
from mllint_rules.versions import pipeline_version_below_sub_model


def test_pipeline_at_6_around_version_7_models_fires() -> None:
    found = lint_path(fixture_path("ml118_pipeline_below_sub_model.mlpackage"), select=["ML118"])
    assert codes(found) == ["ML118"]
    assert found[0].severity == Severity.WARNING
    assert found[0].location == ""
    assert found[0].message == (
        "pipeline declares specification version 6 (iOS15) but its sub-models declare up to 7 (iOS16): "
        "models[0] mlProgram 7, models[1] nonMaximumSuppression 7"
    )


def test_pipeline_at_7_is_clean() -> None:
    assert lint_path(fixture_path("ml118_pipeline_below_sub_model_clean.mlpackage"), select=["ML118"]) == []


def test_nested_pipelines_are_compared_level_by_level() -> None:
    inner = new_spec(5, "pipeline")
    inner.pipeline.models.add().CopyFrom(simple_spec(5))
    outer = new_spec(3, "pipelineClassifier")
    outer.pipelineClassifier.pipeline.models.add().CopyFrom(inner)
    assert messages(outer, pipeline_version_below_sub_model) == [
        ("", "pipelineClassifier declares specification version 3 (iOS12) but its sub-models declare up to "
         "5 (iOS14): models[0] pipeline 5")
    ]
