"""ML4xx on a 12,000-constant program: one pass over the ops, one open of the weight file."""

from __future__ import annotations

import os
import struct
from pathlib import Path

import pytest

from conftest import codes
from ml4_weights import SPEC, WEIGHTS, copy_fixture, edit_spec, lint

CONSTANTS = 12_000


def write_weight_file(path: Path, count: int, bad: set[int]) -> list[int]:
    """A valid weight file with ``count`` fp16 blobs of 16 elements; blobs in ``bad`` lose their sentinel."""
    chunks = [struct.pack("<II", count, 2).ljust(64, b"\0")]
    offsets, position = [], 64
    for index in range(count):
        offsets.append(position)
        sentinel = 0 if index in bad else 0xDEADBEEF
        chunks.append(struct.pack("<IIQQQ", sentinel, 1, 32, position + 64, 0).ljust(64, b"\0"))
        chunks.append(b"\0" * 64)  # 32 bytes of data, padded to 64
        position += 128
    path.write_bytes(b"".join(chunks))
    return offsets


def big_program(tmp_path: Path, bad: set[int]) -> Path:
    package = copy_fixture(tmp_path)
    offsets = write_weight_file(package / WEIGHTS, CONSTANTS, bad)

    def edit(spec):
        block = spec.mlProgram.functions["main"].block_specializations["CoreML6"]
        template = next(op for op in block.operations if op.type == "const" and
                        op.attributes["val"].WhichOneof("value") == "blobFileValue")
        for index, offset in enumerate(offsets):
            op = block.operations.add()
            op.CopyFrom(template)
            op.outputs[0].name = f"w{index}"
            op.attributes["name"].immediateValue.tensor.strings.values[0] = f"w{index}"
            value = op.attributes["val"]
            value.type.tensorType.ClearField("dimensions")
            value.type.tensorType.rank = 1
            value.type.tensorType.dimensions.add().constant.size = 16
            value.blobFileValue.offset = offset
        for op in block.operations[: len(block.operations) - CONSTANTS]:
            if op.type == "const" and op.attributes["val"].WhichOneof("value") == "blobFileValue":
                op.attributes["val"].blobFileValue.offset = offsets[0]  # keep the original consts valid:
                value = op.attributes["val"]  # point them at a 16-element blob of their own type
                value.type.tensorType.ClearField("dimensions")
                value.type.tensorType.rank = 1
                value.type.tensorType.dimensions.add().constant.size = 16

    edit_spec(package, edit)
    return package


def test_twelve_thousand_constants_open_the_weight_file_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    package = big_program(tmp_path, bad=set())
    opened: list[str] = []
    real_open = os.open
    monkeypatch.setattr(os, "open", lambda path, *a, **k: opened.append(str(path)) or real_open(path, *a, **k))
    found = lint(package)
    assert found == []
    assert [p for p in opened if p.endswith("weight.bin")] == [str(package / WEIGHTS)]


def test_twelve_thousand_constants_with_bad_blobs_give_one_finding(tmp_path: Path) -> None:
    package = big_program(tmp_path, bad={10, 500, 11_999})
    found = lint(package)
    assert codes(found) == ["ML404"]
    assert found[0].location == "main/w10"
    assert found[0].message.startswith("3 constants find no blob metadata at their offset in ")
