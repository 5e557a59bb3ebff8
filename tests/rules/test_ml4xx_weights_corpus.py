"""ML4xx over the real-world corpus: the one package published without its weights, and nothing else."""

from __future__ import annotations

from conftest import CORPUS, needs_corpus
from ml4_weights import lint


@needs_corpus
def test_corpus_weight_findings() -> None:
    found = lint(CORPUS, ["ML4"])
    assert [(d.code, d.path.split("corpus/")[-1], d.location, d.message) for d in found] == [
        (
            "ML402",
            "github/CoinCheung__BiSeNet/model.mlpackage",
            "main/const_0_to_fp16",
            "113 constants refer to Data/com.apple.CoreML/weights/weight.bin, which is missing",
        )
    ]
