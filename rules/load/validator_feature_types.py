"""The feature counts and kinds each classic model type's validator accepts, as a table.

Each row is one ``validateDescriptionsContainFeatureWithTypes(features, maxCount, allowedTypes)`` call
that the model type's validator makes on every model of that type (not only in some branch), with
its source: apple/coremltools ``mlmodel/src/Validation/<File>`` ``validate<MLModelType_...>``.
``max_count`` 0 means no limit. Read by rules/load/ml135_model_feature_types.py.
"""

from __future__ import annotations

from typing import NamedTuple


class FeatureTypesRow(NamedTuple):
    model_type: str
    role: str  # "input" or "output"
    max_count: int
    allowed: tuple[str, ...]  # FeatureType.Type oneof members, in the validator's order
    source: str
    after_interface: bool = False  # made after the classifier/regressor interface check (GLM), else before it


_NUMERIC = ("int64Type", "doubleType", "multiArrayType")
# ValidatorUtils-inl.hpp validateDescriptionsAreAllVectorizableTypes (validateSchemaTypes on each, no count)
_VECTORIZABLE = ("doubleType", "int64Type", "multiArrayType")

FEATURE_TYPES: tuple[FeatureTypesRow, ...] = (
    FeatureTypesRow("dictVectorizer", "input", 1, ("dictionaryType",), "DictVectorizerValidator.cpp"),
    FeatureTypesRow("dictVectorizer", "output", 1, ("dictionaryType",), "DictVectorizerValidator.cpp"),
    FeatureTypesRow("normalizer", "input", 1, ("multiArrayType",), "NormalizerValidator.cpp"),
    FeatureTypesRow("normalizer", "output", 1, ("multiArrayType",), "NormalizerValidator.cpp"),
    FeatureTypesRow("gazetteer", "input", 1, ("stringType",), "GazetteerValidator.cpp"),
    FeatureTypesRow("gazetteer", "output", 1, ("stringType",), "GazetteerValidator.cpp"),
    FeatureTypesRow("textClassifier", "input", 1, ("stringType",), "TextClassifierValidator.cpp"),
    FeatureTypesRow("textClassifier", "output", 1, ("stringType",), "TextClassifierValidator.cpp"),
    FeatureTypesRow("wordEmbedding", "input", 1, ("stringType",), "WordEmbeddingValidator.cpp"),
    FeatureTypesRow("wordEmbedding", "output", 1, ("multiArrayType",), "WordEmbeddingValidator.cpp"),
    FeatureTypesRow("scaler", "input", 1, _NUMERIC, "ScalarValidator.cpp"),
    FeatureTypesRow("scaler", "output", 1, _NUMERIC, "ScalarValidator.cpp"),
    FeatureTypesRow("oneHotEncoder", "input", 1, ("int64Type", "stringType"), "OneHotEncoderValidator.cpp"),
    FeatureTypesRow("featureVectorizer", "input", 0, (*_NUMERIC, "dictionaryType"), "FeatureVectorizerValidator.cpp"),
    FeatureTypesRow("featureVectorizer", "output", 1, ("multiArrayType",), "FeatureVectorizerValidator.cpp"),
    FeatureTypesRow("arrayFeatureExtractor", "input", 1, ("multiArrayType",), "ArrayFeatureExtractorValidator.cpp"),
    FeatureTypesRow(
        "arrayFeatureExtractor",
        "output",
        1,
        ("doubleType", "int64Type", "multiArrayType"),
        "ArrayFeatureExtractorValidator.cpp",
    ),
    FeatureTypesRow("imputer", "input", 1, (*_NUMERIC, "stringType", "dictionaryType"), "ImputerValidator.cpp"),
    FeatureTypesRow("imputer", "output", 1, (*_NUMERIC, "stringType", "dictionaryType"), "ImputerValidator.cpp"),
    FeatureTypesRow(
        "soundAnalysisPreprocessing", "input", 1, ("multiArrayType",), "SoundAnalysisPreprocessingValidator.cpp"
    ),
    FeatureTypesRow(
        "soundAnalysisPreprocessing", "output", 1, ("multiArrayType",), "SoundAnalysisPreprocessingValidator.cpp"
    ),
    FeatureTypesRow("visionFeaturePrint", "input", 1, ("imageType",), "VisionFeaturePrintValidator.cpp"),
    FeatureTypesRow("audioFeaturePrint", "input", 1, ("multiArrayType",), "AudioFeaturePrintValidator.cpp"),
    FeatureTypesRow("wordTagger", "input", 1, ("stringType",), "WordTaggerValidator.cpp"),
    # maxFeatureCount is outputs.size(): never exceeded
    FeatureTypesRow("wordTagger", "output", 0, ("sequenceType",), "WordTaggerValidator.cpp"),
    FeatureTypesRow("supportVectorClassifier", "input", 0, _VECTORIZABLE, "SVMValidator.cpp"),
    FeatureTypesRow("supportVectorRegressor", "input", 0, _VECTORIZABLE, "SVMValidator.cpp"),
    # validateSchemaTypes on each input and output, after validateRegressorInterface
    FeatureTypesRow(
        "glmRegressor",
        "input",
        0,
        ("doubleType", "multiArrayType", "int64Type"),
        "LinearModelValidator.cpp",
        after_interface=True,
    ),
    FeatureTypesRow("glmRegressor", "output", 0, ("doubleType",), "LinearModelValidator.cpp", after_interface=True),
    FeatureTypesRow("glmClassifier", "input", 0, _VECTORIZABLE, "LinearModelValidator.cpp", after_interface=True),
)

# OneHotEncoderValidator.cpp: the output kind follows the encoder's outputSparse flag.
ONE_HOT_OUTPUT = {True: ("dictionaryType",), False: ("multiArrayType",)}
ONE_HOT_SOURCE = "OneHotEncoderValidator.cpp"
