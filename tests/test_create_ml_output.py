"""Apple's own Create ML output does not fail CI at the default --fail-on warning (ML118 is info there)."""

from __future__ import annotations

import pytest
from conftest import ROOT, run_mllint

CREATE_ML = ROOT.parent / "shared" / "corpus" / "github" / "WataruSuzuki__PlaygroundCreateML" / "ImageClassifier.mlmodel"


@pytest.mark.skipif(not CREATE_ML.exists(), reason="the corpus ../shared/corpus is not here")
def test_a_create_ml_image_classifier_passes_at_the_default_fail_on() -> None:
    done = run_mllint(str(CREATE_ML), "--concise")
    assert done.returncode == 0, done.stdout
    assert "ML118 [*] [info]" in done.stdout and "(written by Create ML)" in done.stdout
    assert run_mllint(str(CREATE_ML), "--fail-on", "info").returncode == 1  # still reported
