"""Names of the protobuf enums the view reports (array dtypes, colour spaces, MIL dtypes), read once."""

from __future__ import annotations

from typing import NamedTuple

from .. import protos


class _EnumNames(NamedTuple):
    array_dtypes: dict[int, str]
    color_spaces: dict[int, str]
    mil_dtypes: dict[int, str]


_enum_cache: list[_EnumNames] = []


def enum_names() -> _EnumNames:
    if not _enum_cache:
        ft = protos.module("FeatureTypes_pb2")
        mil = protos.module("MIL_pb2")
        _enum_cache.append(
            _EnumNames(
                array_dtypes={v: k for k, v in ft.ArrayFeatureType.ArrayDataType.items()},
                color_spaces={v: k for k, v in ft.ImageFeatureType.ColorSpace.items()},
                mil_dtypes={v: k for k, v in mil.DataType.items()},
            )
        )
    return _enum_cache[0]
