"""ML1xx: Core ML will not load the model. One module per rule, named by its code and name.

Helpers the rules share: :mod:`.validator_text` (how the validator names things and where a
model sits in its pipeline), :mod:`.nn_versions` (the spec version a layer needs) and
:mod:`.nn_blob_walk` (the neural-network validator's walk over the layers); ports of the validator's
functions that ML130-ML139 read: :mod:`.validator_interface` (feature descriptions, optional flags,
classifier and regressor interfaces, type equality), :mod:`.validator_neural_network`,
:mod:`.validator_nms` and the table :mod:`.validator_feature_types`.
"""

from __future__ import annotations

from collections.abc import Sequence

from mllint import Rule, hookimpl

from .ml101_float16_before_ios16 import float16_before_ios16
from .ml102_int8_array_before_ios26 import int8_array_before_ios26
from .ml103_invalid_feature_data_type import invalid_feature_data_type
from .ml104_sequence_before_ios12 import sequence_before_ios12
from .ml105_optional_default_value_invalid import optional_default_value_invalid
from .ml106_state_before_ios18 import state_before_ios18
from .ml107_state_feature_invalid import state_feature_invalid
from .ml108_multifunction_before_ios18 import multifunction_before_ios18
from .ml109_multifunction_description_invalid import multifunction_description_invalid
from .ml110_empty_interface import empty_interface
from .ml111_feature_shape_missing import feature_shape_missing
from .ml112_mlprogram_opset_too_new import mlprogram_opset_too_new
from .ml113_mlprogram_opset_block_missing import mlprogram_opset_block_missing
from .ml114_spec_version_too_new import spec_version_too_new
from .ml115_nms_element_type import nms_element_type
from .ml116_updatable_model_invalid import updatable_model_invalid
from .ml117_spec_version_below_feature import spec_version_below_feature
from .ml118_pipeline_version_below_sub_model import pipeline_version_below_sub_model
from .ml120_nn_layer_newer_than_spec import nn_layer_newer_than_spec
from .ml121_nn_rank5_array_mapping import nn_rank5_array_mapping
from .ml122_output_not_produced import output_not_produced
from .ml123_duplicate_producer import duplicate_producer
from .ml124_nn_input_not_present import nn_input_not_present
from .ml125_op_newer_than_opset import op_newer_than_opset
from .ml126_unknown_op_type import unknown_op_type
from .ml127_tensor_rank_above_5 import tensor_rank_above_5
from .ml130_feature_description_invalid import feature_description_invalid
from .ml131_optional_feature_invalid import optional_feature_invalid
from .ml132_nn_interface_invalid import nn_interface_invalid
from .ml133_classifier_regressor_interface import classifier_regressor_interface
from .ml134_pipeline_invalid import pipeline_invalid
from .ml135_model_feature_types import model_feature_types
from .ml136_nms_model_invalid import nms_model_invalid
from .ml137_custom_model_invalid import custom_model_invalid
from .ml138_nn_custom_layer_invalid import nn_custom_layer_invalid
from .ml139_tree_ensemble_invalid import tree_ensemble_invalid
from .ml140_knn_classifier_invalid import knn_classifier_invalid
from .ml141_class_confidence_thresholding_invalid import class_confidence_thresholding_invalid
from .ml142_nn_layer_invalid import nn_layer_invalid
from .ml143_feature_print_invalid import feature_print_invalid
from .ml144_transformer_invalid import transformer_invalid
from .ml145_word_tagger_invalid import word_tagger_invalid
from .ml146_item_similarity_invalid import item_similarity_invalid
from .ml147_model_type_unset import model_type_unset


@hookimpl
def mllint_rules() -> Sequence[Rule]:
    """Every ML1xx rule, in code order."""
    return [
        float16_before_ios16,
        int8_array_before_ios26,
        invalid_feature_data_type,
        sequence_before_ios12,
        optional_default_value_invalid,
        state_before_ios18,
        state_feature_invalid,
        multifunction_before_ios18,
        multifunction_description_invalid,
        empty_interface,
        feature_shape_missing,
        mlprogram_opset_too_new,
        mlprogram_opset_block_missing,
        spec_version_too_new,
        nms_element_type,
        updatable_model_invalid,
        spec_version_below_feature,
        pipeline_version_below_sub_model,
        nn_layer_newer_than_spec,
        nn_rank5_array_mapping,
        output_not_produced,
        duplicate_producer,
        nn_input_not_present,
        op_newer_than_opset,
        unknown_op_type,
        tensor_rank_above_5,
        feature_description_invalid,
        optional_feature_invalid,
        nn_interface_invalid,
        classifier_regressor_interface,
        pipeline_invalid,
        model_feature_types,
        nms_model_invalid,
        custom_model_invalid,
        nn_custom_layer_invalid,
        tree_ensemble_invalid,
        knn_classifier_invalid,
        class_confidence_thresholding_invalid,
        nn_layer_invalid,
        feature_print_invalid,
        transformer_invalid,
        word_tagger_invalid,
        item_similarity_invalid,
        model_type_unset,
    ]
