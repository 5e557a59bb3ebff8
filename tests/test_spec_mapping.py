"""Large specs are memory-mapped, parsed in place and unmapped: the same model as a plain read."""

from __future__ import annotations

from pathlib import Path

from conftest import fixture_path
from mllint import protos
from mllint.discovery import resolve
from mllint.loader import MAP_FROM_BYTES, LoadError, load, read_spec_bytes, release

SMALL = fixture_path("ml501_no_description.mlmodel")


def padded_spec(folder: Path, size: int) -> Path:
    """The small fixture with an unknown length-delimited field appended: a valid spec of ``size`` bytes."""
    data = SMALL.read_bytes()
    padding = size - len(data) - 8
    field = bytes([0xFA, 0x3E])  # field 999, wire type 2
    length = bytearray()
    value = padding
    while True:
        byte = value & 0x7F
        value >>= 7
        length.append(byte | (0x80 if value else 0))
        if not value:
            break
    path = folder / "big.mlmodel"
    path.write_bytes(data + field + bytes(length) + b"\0" * padding)
    return path


def test_a_large_spec_is_mapped_and_loads_as_if_read(tmp_path: Path) -> None:
    path = padded_spec(tmp_path, MAP_FROM_BYTES + 4096)
    data = read_spec_bytes(path, "big.mlmodel")
    assert isinstance(data, memoryview)  # mapped, not copied into a bytes object
    mapping = data.obj
    release(data)
    assert mapping.closed  # type: ignore[attr-defined]
    loaded = load(resolve([str(path)])[0])
    expected = protos.model_class()()
    expected.ParseFromString(path.read_bytes())
    assert loaded.root.proto == expected
    assert loaded.spec_size == path.stat().st_size
    assert [f.name for f in loaded.root.inputs] == [d.name for d in expected.description.input]


def test_a_small_spec_is_read(tmp_path: Path) -> None:
    assert isinstance(read_spec_bytes(SMALL, "small.mlmodel"), bytes)


def test_a_large_lfs_pointer_is_still_refused(tmp_path: Path) -> None:
    path = tmp_path / "pointer.mlmodel"
    path.write_bytes(b"version https://git-lfs.github.com/spec/v1\n" + b"x" * MAP_FROM_BYTES)
    try:
        load(resolve([str(path)])[0])
    except LoadError as error:
        assert "Git LFS pointer" in error.message
    else:
        raise AssertionError("an LFS pointer loaded")
