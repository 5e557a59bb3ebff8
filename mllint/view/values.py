"""Typed values of an ML program: constants (decoded without reading any weight file), tensor types
and argument bindings."""

from __future__ import annotations

import struct
from typing import Any, NamedTuple

from .enums import enum_names


class BlobRef(NamedTuple):
    """Where a constant lives in the weight file; the data is never read."""

    file_name: str
    offset: int


class ConstValue(NamedTuple):
    """A constant: its MIL dtype, shape and either decoded values or a blob reference."""

    dtype: str
    shape: tuple[int, ...]
    values: tuple[Any, ...] | None = None
    blob: BlobRef | None = None

    @property
    def is_scalar(self) -> bool:
        return self.values is not None and len(self.values) == 1

    def scalar(self) -> Any:
        if self.values is None or len(self.values) != 1:
            raise ValueError("not a scalar")
        return self.values[0]

    def as_list(self) -> list[Any] | None:
        return None if self.values is None else list(self.values)


_BYTE_FORMATS = {"FLOAT16": "e", "INT8": "b", "UINT8": "B", "INT16": "h", "UINT16": "H"}


def dimensions_of(dimensions: Any) -> tuple[int, ...]:
    """A MIL TensorType's dimensions: sizes, -1 for a dimension unknown until run time."""
    shape = []
    for dim in dimensions:  # read for every op output of a large program: few protobuf accesses
        size = dim.constant.size
        if size == 0 and dim.WhichOneof("dimension") != "constant":
            size = -1
        shape.append(size)
    return tuple(shape)


def tensor_type_info(value_type: Any) -> tuple[str, tuple[int, ...], int]:
    """dtype name, known shape (-1 for unknown dims) and rank of a MIL ValueType."""
    which = value_type.WhichOneof("type")
    if which == "stateType":
        return tensor_type_info(value_type.stateType.wrappedType)
    if which != "tensorType":
        return (which or "UNKNOWN", (), 0)
    tensor = value_type.tensorType
    dims = dimensions_of(tensor.dimensions)
    data_type = tensor.dataType
    names = enum_names().mil_dtypes
    dtype = names.get(data_type)
    return (dtype if dtype is not None else str(data_type)), dims, tensor.rank


def decode_value(value: Any) -> ConstValue | None:
    """Decode a MIL ``Value`` (immediate or blob) without reading any blob."""
    dtype, shape, _ = tensor_type_info(value.type)
    which = value.WhichOneof("value")
    if which == "blobFileValue":
        blob = value.blobFileValue
        return ConstValue(dtype, shape, blob=BlobRef(blob.fileName, int(blob.offset)))
    if which != "immediateValue" or value.immediateValue.WhichOneof("value") != "tensor":
        return None
    tensor = value.immediateValue.tensor
    kind = tensor.WhichOneof("value")
    if kind is None:
        return ConstValue(dtype, shape, values=())
    if kind == "bytes":
        raw = tensor.bytes.values
        fmt = _BYTE_FORMATS.get(dtype)
        if fmt is None:
            return ConstValue(dtype, shape, values=None)
        size = struct.calcsize(fmt)
        count = len(raw) // size
        return ConstValue(dtype, shape, values=struct.unpack(f"<{count}{fmt}", raw[: count * size]))
    return ConstValue(dtype, shape, values=tuple(getattr(tensor, kind).values))


class TensorInfo:
    """A typed value in an ML program: an op output or a function input.

    ``name``, ``dtype``, ``shape`` (-1 marks a dimension unknown until run
    time) and ``rank``. An op output's shape is read from the protobuf when
    first asked for: most outputs of a large program are never asked.
    """

    __slots__ = ("name", "dtype", "rank", "_shape", "_dimensions")

    def __init__(self, name: str, dtype: str, shape: tuple[int, ...] | None, rank: int, dimensions: Any = None):
        self.name = name
        self.dtype = dtype
        self.rank = rank
        self._shape = shape
        self._dimensions = dimensions  # the TensorType's dimensions, when shape is None

    @classmethod
    def of_output(cls, named_value: Any) -> "TensorInfo":
        """A MIL NamedValueType, with its shape left for later."""
        value_type = named_value.type
        if value_type.WhichOneof("type") == "tensorType":
            tensor = value_type.tensorType
            data_type = tensor.dataType
            dtype = enum_names().mil_dtypes.get(data_type)
            return cls(
                named_value.name, dtype if dtype is not None else str(data_type), None, tensor.rank, tensor.dimensions
            )
        dtype, shape, rank = tensor_type_info(value_type)
        return cls(named_value.name, dtype, shape, rank)

    @property
    def shape(self) -> tuple[int, ...]:
        shape = self._shape
        if shape is None:
            shape = self._shape = dimensions_of(self._dimensions)
        return shape

    def _key(self) -> tuple[str, str, tuple[int, ...], int]:
        return (self.name, self.dtype, self.shape, self.rank)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return self._key() == other._key()  # type: ignore[attr-defined]

    def __hash__(self) -> int:
        return hash(self._key())

    def __repr__(self) -> str:
        return f"TensorInfo(name={self.name!r}, dtype={self.dtype!r}, shape={self.shape!r}, rank={self.rank!r})"


class Binding(NamedTuple):
    """One binding of an ML program op argument: a value name or an inline value.

    A named tuple, not a dataclass: a large program has tens of thousands.
    """

    name: str | None
    value: Any | None  # MIL Value proto for inline bindings


_binding = tuple.__new__  # Binding(name, value) without NamedTuple's Python-level __new__
