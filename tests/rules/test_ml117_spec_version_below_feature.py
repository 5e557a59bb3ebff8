"""ML117 spec-version-below-feature: the Utils.cpp feature table, as warnings."""

from __future__ import annotations

import pytest
from ml1_specs import add_array, messages, new_spec, simple_spec
from mllint_rules.load.ml117_spec_version_below_feature import (
    spec_version_below_feature,
)

from mllint import protos
from mllint.knowledge.model_features import MODEL_FEATURES


@pytest.mark.parametrize(
    ("model_type", "edit", "needed"),
    [
        ("nonMaximumSuppression", None, 3),
        ("linkedModel", None, 4),
        ("serializedModel", None, 5),
        ("classConfidenceThresholding", None, 8),
        ("textClassifier", ("revision", 4), 8),
        ("wordTagger", ("revision", 5), 9),
    ],
)
def test_rows_fire_one_version_below_and_not_at_it(model_type: str, edit, needed: int) -> None:
    for version, expected in ((needed - 1, True), (needed, False)):
        spec = simple_spec(version, model_type)
        if edit:
            setattr(getattr(spec, model_type), *edit)
        found = messages(spec, spec_version_below_feature)
        assert any(f">= {needed} " in message for _, message in found) == expected, (model_type, version)


def test_vision_feature_print_scene_version_2() -> None:
    spec = simple_spec(7, "visionFeaturePrint")
    spec.visionFeaturePrint.scene.version = 2
    assert messages(spec, spec_version_below_feature) == [
        ("", "visionFeaturePrint.scene version 2 needs specification version >= 8 (iOS17); this model declares 7 (iOS16)")
    ]
    spec.visionFeaturePrint.scene.version = 1
    assert messages(spec, spec_version_below_feature) == []


def test_flexible_shape_on_a_model_below_3_but_not_on_a_pipeline() -> None:
    spec = simple_spec(2)
    spec.description.input[0].type.multiArrayType.enumeratedShapes.shapes.add().shape.extend([2])
    assert messages(spec, spec_version_below_feature) == [
        ("inputs/x", "flexible input/output shape ('x') needs specification version >= 3 (iOS12); "
         "this model declares 2 (iOS11.2)")
    ]
    spec.ClearField("neuralNetwork")
    spec.pipeline.SetInParent()
    assert messages(spec, spec_version_below_feature) == []


def test_every_row_names_a_real_model_type_or_probe_and_a_source() -> None:
    types = {field.name for field in protos.model_class().DESCRIPTOR.oneofs_by_name["Type"].fields}
    for row in MODEL_FEATURES:
        assert row.source, row.feature
        assert (row.model_type in types) if row.model_type else row.probe == "flexible_shape", row.feature
        assert 2 <= row.min_version <= 10, row.feature


def test_unrelated_model_is_clean() -> None:
    spec = new_spec(1, "glmRegressor")
    add_array(spec.description.input, "x")
    assert messages(spec, spec_version_below_feature) == []
