"""A model's interface: its inputs, outputs, states and training inputs."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Sequence

from .enums import enum_names
from .paths import join_path


@dataclass(frozen=True, eq=False)
class Feature:
    """One input, output, state or training input of a model's interface."""

    name: str
    role: str  # "input", "output", "state", "training_input"
    path: str
    proto: Any  # FeatureDescription

    @property
    def kind(self) -> str | None:
        """``multiArrayType``, ``imageType``, ``stateType``, ``doubleType``, ..."""
        return self.proto.type.WhichOneof("Type")

    @property
    def optional(self) -> bool:
        return bool(self.proto.type.isOptional)

    @property
    def array(self) -> Any | None:
        """The ArrayFeatureType of a multiarray, or of the array a state wraps."""
        kind = self.kind
        if kind == "multiArrayType":
            return self.proto.type.multiArrayType
        if kind == "stateType" and self.proto.type.stateType.WhichOneof("Type") == "arrayType":
            return self.proto.type.stateType.arrayType
        return None

    @property
    def image(self) -> Any | None:
        return self.proto.type.imageType if self.kind == "imageType" else None

    @property
    def dtype(self) -> str | None:
        """Array data type name (``FLOAT16``...) or image colour space (``RGB``...)."""
        array = self.array
        if array is not None:
            return enum_names().array_dtypes.get(array.dataType, str(array.dataType))
        image = self.image
        if image is not None:
            return enum_names().color_spaces.get(image.colorSpace, str(image.colorSpace))
        return None

    @property
    def shape(self) -> tuple[int, ...]:
        array = self.array
        if array is not None:
            return tuple(array.shape)
        image = self.image
        if image is not None:
            return (int(image.height), int(image.width))
        return ()

    @property
    def flexibility(self) -> str | None:
        """``"enumerated"``, ``"range"`` or None for a fixed shape."""
        array = self.array
        if array is not None:
            which = array.WhichOneof("ShapeFlexibility")
        elif self.image is not None:
            which = self.image.WhichOneof("SizeFlexibility")
        else:
            return None
        if which in ("enumeratedShapes", "enumeratedSizes"):
            return "enumerated"
        if which in ("shapeRange", "imageSizeRange"):
            return "range"
        return None

    def describe(self) -> str:
        """A short human description: ``multiArray FLOAT16 [1, 3]``."""
        kind = (self.kind or "untyped").removesuffix("Type")
        parts = [kind]
        if self.dtype:
            parts.append(self.dtype)
        if self.shape:
            parts.append("[" + ", ".join(str(d) for d in self.shape) + "]")
        return " ".join(parts)


def features_of(descriptions: Sequence[Any], role: str, prefix: str) -> tuple[Feature, ...]:
    folder = {"input": "inputs", "output": "outputs", "state": "states", "training_input": "training_inputs"}[role]
    return tuple(Feature(name=d.name, role=role, path=join_path(prefix, folder, d.name), proto=d) for d in descriptions)
