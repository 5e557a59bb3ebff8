from conftest import CORPUS, codes, fixture_path, lint_path, needs_corpus


def test_fires_without_short_description() -> None:
    found = lint_path(fixture_path("ml501_no_description.mlmodel"), select=["ML501"])
    assert codes(found) == ["ML501"]
    assert found[0].location == "metadata"
    assert found[0].message == "the model has no short description (metadata.shortDescription is empty)"


def test_described_model_is_clean() -> None:
    assert lint_path(fixture_path("ml501_no_description_clean.mlmodel"), select=["ML501"]) == []


@needs_corpus
def test_pipeline_sub_models_are_not_checked() -> None:
    import coremltools as ct

    # A Create ML pipeline: the root has a description, its two sub-models have none.
    model = CORPUS / "github/WataruSuzuki__PlaygroundCreateML/ImageClassifier.mlmodel"
    assert ct.utils.load_spec(str(model)).pipelineClassifier.pipeline.models[0].description.metadata.shortDescription == ""
    assert lint_path(model, select=["ML501"]) == []
