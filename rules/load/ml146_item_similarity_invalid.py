"""ML146 item-similarity-invalid: an item-similarity recommender whose item ids or features Core ML refuses."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from mllint import Finding, model_rule
from mllint.view import Model

from .validator_interface import named_feature_error
from .validator_order import TYPE, TYPE_PARAMETERS, step
from .validator_text import where

SOURCE = "apple/coremltools mlmodel/src/ItemSimilarityRecommenderCommon.cpp"
PREFIX = "validator error: "  # a Result's message, thrown and wrapped in a second Result


@model_rule(
    code="ML146",
    name="item-similarity-invalid",
    severity="error",
    summary="An item-similarity recommender with both kinds of item ids, too few or duplicated ids, or input "
    "and output features it names but does not declare (or of other kinds).",
    why="""
        Core ML builds the recommender when it loads it: its item ids must be all Int64 or all String,
        unique, and enough to index every item its similarity lists name; the item input (named, or
        the only input), the optional count, exclusion and restriction inputs and the score or list
        output must be features of the kinds it reads and writes, and one output at least must be
        named. Otherwise the validator refuses the model.
    """,
    fix="""
        Keep the recommender's ids and feature names as Turi Create or coremltools wrote them; declare
        every feature it names with the kind it takes.
    """,
    evidence="validator",
    sources=(
        f"{SOURCE} _ItemSimilarityRecommenderData, constructAndValidateItemSimilarityRecommenderFromSpec",
        "apple/coremltools mlmodel/src/Validation/ItemSimilarityRecommenderValidator.cpp "
        "validate<MLModelType_itemSimilarityRecommender>",
    ),
)
def item_similarity_invalid(model: Model) -> Iterator[Finding]:
    """Ports the recommender's builder, in its order (ids, then input and output features), and reports
    its first complaint.

    Example: a recommender whose `itemInputFeatureName` is "items" while its only declared input is `x`
    gets "validator error: Expected feature 'items' to the model is not present in the model description."
    """
    if model.type != "itemSimilarityRecommender":
        return
    problem = _ids_error(model.body) or _features_error(model.proto.description, model.body)
    if problem:
        yield Finding(
            problem + where(model),
            location=model.location("itemSimilarityRecommender"),
            order=step(model, TYPE, TYPE_PARAMETERS),
        )


def _ids_error(recommender: Any) -> str | None:
    """_ItemSimilarityRecommenderData: the ids against the items the similarity lists name."""
    max_item = 0
    for info in recommender.itemItemSimilarities:
        max_item = max(max_item, info.itemId, *(item.itemId for item in info.similarItemList))
    int_ids = list(recommender.itemInt64Ids.vector)
    string_ids = list(recommender.itemStringIds.vector)
    if int_ids:
        if string_ids:
            return "Only integer item ids or string item ids can be specified in the same model."
        if len(int_ids) <= max_item:
            return _too_few("integer", max_item, len(int_ids))
        if len(set(int_ids)) != len(int_ids):
            return "List of integer item ids specified must be unique; list contains duplicates."
    elif string_ids:
        if len(string_ids) < max_item:
            return _too_few("string", max_item, len(string_ids))
        if len(set(string_ids)) != len(string_ids):
            return "List of string item ids specified must be unique; list contains duplicates."
    return None


def _too_few(kind: str, max_item: int, count: int) -> str:
    return (
        f"List of {kind} item ids specified must be large enough to index all item ids specified.  The largest "
        f"item index is {max_item}, whereas there are  only {count} item ids given."
    )


def _features_error(description: Any, recommender: Any) -> str | None:
    """constructAndValidateItemSimilarityRecommenderFromSpec: the features it names."""
    item_input = recommender.itemInputFeatureName
    if not item_input:
        if len(description.input) != 1:
            return "Name of column for item input data not specified."
        item_input = description.input[0].name
    checks: list[tuple[Any, str, tuple[str, ...]]] = [
        (description.input, item_input, ("dictionaryType", "sequenceType", "multiArrayType")),
    ]
    if recommender.numRecommendationsInputFeatureName:
        checks.append((description.input, recommender.numRecommendationsInputFeatureName, ("int64Type",)))
    for name in (recommender.itemExclusionInputFeatureName, recommender.itemRestrictionInputFeatureName):
        if name:
            checks.append((description.input, name, ("sequenceType", "multiArrayType")))
    if recommender.recommendedItemScoreOutputFeatureName:
        checks.append((description.output, recommender.recommendedItemScoreOutputFeatureName, ("dictionaryType",)))
    if recommender.recommendedItemListOutputFeatureName:
        checks.append((description.output, recommender.recommendedItemListOutputFeatureName, ("sequenceType",)))
    for features, name, allowed in checks:
        problem = named_feature_error(features, name, allowed)
        if problem:
            return PREFIX + problem
    if not (recommender.recommendedItemScoreOutputFeatureName or recommender.recommendedItemListOutputFeatureName):
        return "No output columns specified."
    return None
