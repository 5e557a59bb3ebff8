"""ML118 pipeline-version-below-sub-model: a pipeline older than what it holds."""

from __future__ import annotations

from ml1_specs import messages, new_spec, simple_spec
from mllint_rules.load.ml118_pipeline_version_below_sub_model import (
    pipeline_version_below_sub_model,
)


def test_nested_pipelines_are_compared_level_by_level() -> None:
    inner = new_spec(5, "pipeline")
    inner.pipeline.models.add().CopyFrom(simple_spec(5))
    outer = new_spec(3, "pipelineClassifier")
    outer.pipelineClassifier.pipeline.models.add().CopyFrom(inner)
    assert messages(outer, pipeline_version_below_sub_model) == [
        ("", "pipelineClassifier declares specification version 3 (iOS12) but its sub-models declare up to "
         "5 (iOS14): models[0] pipeline 5")
    ]
