"""Loading: every fixture and corpus model reads into the view; every bad input is ML000."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from pathlib import Path

import pytest

from conftest import CORPUS, FIXTURES, codes, corpus_models, fixture_path, lint_path, needs_corpus
from mllint.discovery import resolve
from mllint.loader import LoadError, load


def tree_digest(path: Path) -> str:
    digest = hashlib.sha256()
    for item in sorted(path.rglob("*")) if path.is_dir() else [path]:
        digest.update(str(item).encode())
        if item.is_file() and not item.is_symlink():
            digest.update(item.read_bytes())
    return digest.hexdigest()


def all_fixture_artifacts():
    return resolve([str(FIXTURES)])


def test_every_fixture_loads() -> None:
    artifacts = all_fixture_artifacts()
    assert artifacts, "no fixtures found"
    for artifact in artifacts:
        loaded = load(artifact)
        assert loaded.root.spec_version > 0
        assert loaded.root.type is not None


def corpus_unparseable() -> set[str]:
    """Corpus files MANIFEST.tsv marks as unparseable (real broken files from the wild)."""
    manifest = CORPUS / "MANIFEST.tsv"
    if not manifest.is_file():
        return set()
    rows = [line.split("\t") for line in manifest.read_text().splitlines()[1:] if line.strip()]
    return {str(CORPUS / row[0]) for row in rows if len(row) > 3 and row[3] == "unparseable"}


@needs_corpus
@pytest.mark.parametrize("path", corpus_models(), ids=lambda p: p.name)
def test_corpus_model_loads_into_the_view(path: Path) -> None:
    [artifact] = resolve([str(path)])
    if str(path) in corpus_unparseable():
        with pytest.raises(LoadError) as error:
            load(artifact)
        assert "protobuf parse failed" in error.value.message
        return
    loaded = load(artifact)
    for model in loaded.root.walk():
        assert model.type is not None
        for graph in model.graphs:
            for op in graph.ops:
                assert op.path.startswith(graph.path)
                op.output_names  # every op's outputs can be read
            for name in graph.output_names:
                graph.producer_through(name)


def _package_copy(tmp_path: Path) -> Path:
    target = tmp_path / "model.mlpackage"
    shutil.copytree(fixture_path("ml202_output_reshape.mlpackage"), target)
    return target


def _edit_manifest(package: Path, edit) -> None:
    manifest = json.loads((package / "Manifest.json").read_text())
    edit(manifest)
    (package / "Manifest.json").write_text(json.dumps(manifest))


def _root_entry(manifest: dict) -> dict:
    return manifest["itemInfoEntries"][manifest["rootModelIdentifier"]]


def _bad_inputs(tmp_path: Path) -> dict[str, tuple[Path, str]]:
    """name -> (path to lint, expected message fragment)."""
    spec_bytes = (fixture_path("ml202_output_reshape.mlpackage") / "Data/com.apple.CoreML/model.mlmodel").read_bytes()
    cases: dict[str, tuple[Path, str]] = {}

    empty = tmp_path / "empty.mlmodel"
    empty.write_bytes(b"")
    cases["empty"] = (empty, "file is empty")

    truncated = tmp_path / "truncated.mlmodel"
    truncated.write_bytes(spec_bytes[: len(spec_bytes) // 2])
    cases["truncated"] = (truncated, "protobuf parse failed")

    garbage = tmp_path / "garbage.mlmodel"
    garbage.write_bytes(b"\xff\xfe this is not a protobuf \x00\x01" * 10)
    cases["not protobuf"] = (garbage, "protobuf parse failed")

    version_zero = tmp_path / "v0.mlmodel"
    version_zero.write_bytes(b"")  # placeholder, filled below
    from mllint import protos

    spec = protos.model_class()()
    spec.ParseFromString(spec_bytes)
    spec.specificationVersion = 0
    version_zero.write_bytes(spec.SerializeToString())
    cases["version 0"] = (version_zero, "version field missing or corrupt")

    lfs = tmp_path / "lfs.mlmodel"
    lfs.write_bytes(b"version https://git-lfs.github.com/spec/v1\noid sha256:abc\nsize 12\n")
    cases["lfs pointer"] = (lfs, "Git LFS pointer")

    (tmp_path / "nomanifest").mkdir()
    no_manifest = _package_copy(tmp_path / "nomanifest")
    (no_manifest / "Manifest.json").unlink()
    cases["no manifest"] = (no_manifest, "Manifest.json is missing")

    (tmp_path / "badjson").mkdir()
    bad_json = _package_copy(tmp_path / "badjson")
    (bad_json / "Manifest.json").write_text("{not json")
    cases["manifest not json"] = (bad_json, "not valid JSON")

    (tmp_path / "nokeys").mkdir()
    no_keys = _package_copy(tmp_path / "nokeys")
    _edit_manifest(no_keys, lambda m: m.pop("rootModelIdentifier"))
    cases["missing keys"] = (no_keys, "no rootModelIdentifier")

    (tmp_path / "badroot").mkdir()
    bad_root = _package_copy(tmp_path / "badroot")
    _edit_manifest(bad_root, lambda m: m.__setitem__("rootModelIdentifier", "NOPE"))
    cases["root id not in entries"] = (bad_root, "is not in itemInfoEntries")

    (tmp_path / "dotdot").mkdir()
    dotdot = _package_copy(tmp_path / "dotdot")
    _edit_manifest(dotdot, lambda m: _root_entry(m).__setitem__("path", "../../outside.mlmodel"))
    cases["path with .."] = (dotdot, "leaves the package")

    (tmp_path / "absolute").mkdir()
    absolute = _package_copy(tmp_path / "absolute")
    _edit_manifest(absolute, lambda m: _root_entry(m).__setitem__("path", "/etc/passwd"))
    cases["absolute path"] = (absolute, "is absolute")

    (tmp_path / "symlink").mkdir()
    symlinked = _package_copy(tmp_path / "symlink")
    outside = tmp_path / "outside.mlmodel"
    outside.write_bytes(spec_bytes)
    spec_file = symlinked / "Data/com.apple.CoreML/model.mlmodel"
    spec_file.unlink()
    os.symlink(outside, spec_file)
    cases["symlink outside"] = (symlinked, "resolves outside the package")

    (tmp_path / "dir").mkdir()
    folder_spec = _package_copy(tmp_path / "dir")
    spec_file = folder_spec / "Data/com.apple.CoreML/model.mlmodel"
    spec_file.unlink()
    spec_file.mkdir()
    cases["spec is a folder"] = (folder_spec, "is a folder, not a file")
    return cases


BAD_INPUT_NAMES = [
    "empty", "truncated", "not protobuf", "version 0", "lfs pointer", "no manifest", "manifest not json",
    "missing keys", "root id not in entries", "path with ..", "absolute path", "symlink outside", "spec is a folder",
]


@pytest.mark.parametrize("case", BAD_INPUT_NAMES)
def test_bad_input_is_ml000_in_process(tmp_path: Path, case: str) -> None:
    path, fragment = _bad_inputs(tmp_path)[case]
    before = tree_digest(path)
    found = lint_path(path)
    assert codes(found) == ["ML000"]
    assert fragment in found[0].message
    assert "\n" not in found[0].message
    assert tree_digest(path) == before


def test_bad_inputs_through_the_cli_exit_1_without_traceback(tmp_path: Path) -> None:
    from conftest import run_mllint

    cases = _bad_inputs(tmp_path)
    before = {name: tree_digest(path) for name, (path, _) in cases.items()}
    result = run_mllint("--format", "json", *[str(p) for p, _ in cases.values()])
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    document = json.loads(result.stdout)
    assert [d["code"] for d in document["diagnostics"]] == ["ML000"] * len(cases)
    assert {name: tree_digest(path) for name, (path, _) in cases.items()} == before


def test_sarif_points_broken_package_at_its_manifest(tmp_path: Path) -> None:
    path, _ = _bad_inputs(tmp_path)["no manifest"]
    [diagnostic] = lint_path(path)
    assert diagnostic.file.endswith("model.mlpackage/Manifest.json")
