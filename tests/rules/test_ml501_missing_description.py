"""ML501 missing-description on a real pipeline (the fixture cases are in rules/metadata/ml501_missing_description.toml)."""

from conftest import CORPUS, lint_path, needs_corpus


@needs_corpus
def test_pipeline_sub_models_are_not_checked() -> None:
    import coremltools as ct

    # A Create ML pipeline: the root has a description, its two sub-models have none.
    model = CORPUS / "github/WataruSuzuki__PlaygroundCreateML/ImageClassifier.mlmodel"
    assert ct.utils.load_spec(str(model)).pipelineClassifier.pipeline.models[0].description.metadata.shortDescription == ""
    assert lint_path(model, select=["ML501"]) == []
