"""Mutations of valid Core ML specs, for the fuzz tests (tests/test_fuzz.py, bench/fuzz.py).

Byte-level: flip, overwrite, truncate, delete or duplicate byte ranges.
Field-level: parse the spec, pick any field anywhere in the message tree (maps,
repeated fields and oneofs included) and set it to an extreme or borrowed value
(another name from the same spec, which makes cycles and dangling references),
clear it, delete or duplicate an element, or splice in another message of the
same type. Structural: wrap the model in nested pipelines, or make a pipeline
of many copies. Every mutation is driven by a ``random.Random`` so a failure
can be replayed from its seed.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from typing import Any, Callable

from google.protobuf.descriptor import FieldDescriptor

from mllint import protos

INT_EXTREMES = {
    FieldDescriptor.CPPTYPE_INT32: (0, 1, -1, 2, 7, 64, -(2**31), 2**31 - 1),
    FieldDescriptor.CPPTYPE_INT64: (0, 1, -1, 3, 65536, -(2**63), 2**63 - 1, 2**40),
    FieldDescriptor.CPPTYPE_UINT32: (0, 1, 2, 5, 64, 2**32 - 1, 2**31),
    FieldDescriptor.CPPTYPE_UINT64: (0, 1, 63, 64, 65, 2**64 - 1, 2**63, 2**32, 2**40),
}
FLOAT_EXTREMES = (0.0, -0.0, 1.0, -1.0, math.nan, math.inf, -math.inf, 1e38, 65504.0, 70000.0, 1e-45)
STRINGS = ("", "x", "main", "CoreML5", "CoreML99", "@model_path/weights/weight.bin", "@model_path/../../etc/passwd",
           "é∂ƒ", "a" * 300, "const", "reshape", "cast", "models[0]")


@dataclass(frozen=True)
class Slot:
    """One place in a message tree that a mutation can change."""

    message: Any
    field: FieldDescriptor
    key: Any = None  # index in a repeated field, or key in a map; None for a singular field


def _is_map(field: FieldDescriptor) -> bool:
    return field.type == FieldDescriptor.TYPE_MESSAGE and field.message_type.GetOptions().map_entry


def slots(message: Any, limit: int = 20000) -> list[Slot]:
    """Every set field under ``message`` (depth first, at most ``limit``)."""
    found: list[Slot] = []
    stack = [message]
    while stack and len(found) < limit:
        current = stack.pop()
        for field, value in current.ListFields():
            if _is_map(field):
                value_field = field.message_type.fields_by_name["value"]
                for key in sorted(value.keys()):  # a map iterates in hash order, which varies per process
                    found.append(Slot(current, field, key))
                    if value_field.type == FieldDescriptor.TYPE_MESSAGE:
                        stack.append(value[key])
            elif field.is_repeated:
                found.append(Slot(current, field, None))
                for index, item in enumerate(value):
                    found.append(Slot(current, field, index))
                    if field.type == FieldDescriptor.TYPE_MESSAGE:
                        stack.append(item)
            else:
                found.append(Slot(current, field, None))
                if field.type == FieldDescriptor.TYPE_MESSAGE:
                    stack.append(value)
    return found


def strings_in(message: Any) -> list[str]:
    """Every string value in the spec: op and value names, for borrowed-name mutations."""
    names: list[str] = []
    for slot in slots(message):
        field = slot.field
        if field.type == FieldDescriptor.TYPE_STRING:
            value = getattr(slot.message, field.name)
            if field.is_repeated and slot.key is not None:
                names.append(value[slot.key])
            elif not field.is_repeated:
                names.append(value)
    return names or ["x"]


def _scalar(rng: random.Random, field: FieldDescriptor, names: list[str]) -> Any:
    cpp = field.cpp_type
    if cpp == FieldDescriptor.CPPTYPE_BOOL:
        return rng.random() < 0.5
    if cpp in INT_EXTREMES:
        return rng.choice(INT_EXTREMES[cpp]) if rng.random() < 0.7 else rng.randint(0, 300)
    if cpp in (FieldDescriptor.CPPTYPE_FLOAT, FieldDescriptor.CPPTYPE_DOUBLE):
        return rng.choice(FLOAT_EXTREMES)
    if cpp == FieldDescriptor.CPPTYPE_ENUM:
        known = [v.number for v in field.enum_type.values]
        return rng.choice(known + [-1, max(known) + 1, 9999])
    if field.type == FieldDescriptor.TYPE_BYTES:
        return rng.choice((b"", b"\x00", bytes(rng.randrange(256) for _ in range(rng.randint(1, 40)))))
    return rng.choice(names) if rng.random() < 0.6 else rng.choice(STRINGS)


def _mutate_slot(rng: random.Random, slot: Slot, spec: Any, names: list[str]) -> None:
    message, field, key = slot.message, slot.field, slot.key
    container = getattr(message, field.name)
    is_message = field.type == FieldDescriptor.TYPE_MESSAGE
    if _is_map(field):
        value_field = field.message_type.fields_by_name["value"]
        choice = rng.random()
        if choice < 0.3:
            del container[key]
        elif choice < 0.5 and key in container:
            new_key = rng.choice(names) if field.message_type.fields_by_name["key"].type == FieldDescriptor.TYPE_STRING \
                else rng.choice((0, 1, -1))
            if value_field.type == FieldDescriptor.TYPE_MESSAGE:
                container[new_key].CopyFrom(container[key])
            else:
                container[new_key] = container[key]
        elif value_field.type != FieldDescriptor.TYPE_MESSAGE:
            container[key] = _scalar(rng, value_field, names)
        else:
            container[key].Clear()
        return
    if field.is_repeated:
        if key is None:  # the whole list
            choice = rng.random()
            if choice < 0.4:
                message.ClearField(field.name)
            elif is_message:
                if len(container):
                    source = rng.choice(list(container))
                    copies = rng.choice((1, 1, 2, 50))
                    for _ in range(copies):
                        container.add().CopyFrom(source)
            else:
                container.append(_scalar(rng, field, names))
            return
        choice = rng.random()
        if choice < 0.25:
            del container[key]
        elif is_message:
            if choice < 0.5:
                container[key].Clear()
            else:
                source = rng.choice(list(container))
                container[key].CopyFrom(source)
        else:
            container[key] = _scalar(rng, field, names)
        return
    if is_message:
        if rng.random() < 0.6:
            message.ClearField(field.name)
        else:
            container.Clear()
        return
    if field.containing_oneof is not None and rng.random() < 0.2:
        message.ClearField(field.name)
        return
    setattr(message, field.name, _scalar(rng, field, names))


def mutate_fields(rng: random.Random, data: bytes, count: int = 1) -> bytes:
    """Parse ``data`` as a Model, change ``count`` random fields, serialize again."""
    spec = protos.model_class()()
    spec.ParseFromString(data)
    names = strings_in(spec)
    for _ in range(count):
        candidates = slots(spec)
        if not candidates:
            break
        try:
            _mutate_slot(rng, rng.choice(candidates), spec, names)
        except (ValueError, TypeError, KeyError, IndexError, OverflowError):
            continue  # protobuf refused the value (range, UTF-8): try another
    return spec.SerializeToString(deterministic=True)


def nest_in_pipelines(data: bytes, depth: int) -> bytes:
    """The model as the only sub-model of ``depth`` nested pipelines (built on the wire, not with protobuf,
    so that depths beyond protobuf's recursion limit can be written)."""
    # Model.specificationVersion = 1 (varint), Model.pipeline = 202, Pipeline.models = 1
    inner = data
    for _ in range(depth):
        pipeline = _field(1, inner)
        inner = b"\x08\x04" + _field(202, pipeline)
    return inner


def many_sub_models(data: bytes, count: int) -> bytes:
    pipeline = b"".join(_field(1, data) for _ in range(count))
    return b"\x08\x04" + _field(202, pipeline)


def _varint(value: int) -> bytes:
    out = bytearray()
    while True:
        byte = value & 0x7F
        value >>= 7
        out.append(byte | (0x80 if value else 0))
        if not value:
            return bytes(out)


def _field(number: int, payload: bytes) -> bytes:
    return _varint(number << 3 | 2) + _varint(len(payload)) + payload


def mutate_bytes(rng: random.Random, data: bytes) -> bytes:
    if not data:
        return bytes(rng.randrange(256) for _ in range(rng.randint(0, 64)))
    choice = rng.random()
    buffer = bytearray(data)
    if choice < 0.35:  # flip bits in a few bytes
        for _ in range(rng.randint(1, 8)):
            position = rng.randrange(len(buffer))
            buffer[position] ^= 1 << rng.randrange(8)
    elif choice < 0.55:  # overwrite a byte with an interesting value
        for _ in range(rng.randint(1, 4)):
            buffer[rng.randrange(len(buffer))] = rng.choice((0x00, 0x01, 0x7F, 0x80, 0xFF, rng.randrange(256)))
    elif choice < 0.7:
        return bytes(buffer[: rng.randrange(len(buffer))])
    elif choice < 0.85:
        start = rng.randrange(len(buffer))
        del buffer[start: start + rng.randint(1, 32)]
    else:
        start = rng.randrange(len(buffer))
        chunk = buffer[start: start + rng.randint(1, 64)]
        position = rng.randrange(len(buffer))
        buffer[position:position] = chunk
    return bytes(buffer)


Mutator = Callable[[random.Random, bytes], bytes]


def mutate(rng: random.Random, data: bytes) -> tuple[str, bytes]:
    """One random mutation of a valid spec: (what was done, the bytes)."""
    choice = rng.random()
    if choice < 0.45:
        try:
            return "fields", mutate_fields(rng, data, rng.choice((1, 1, 2, 3, 8)))
        except Exception:  # noqa: BLE001 - a seed protobuf cannot re-read (should not happen): bytes instead
            return "bytes", mutate_bytes(rng, data)
    if choice < 0.9:
        out = data
        for _ in range(rng.choice((1, 1, 2, 4))):
            out = mutate_bytes(rng, out)
        return "bytes", out
    if choice < 0.95:
        return "nested", nest_in_pipelines(data, rng.choice((1, 2, 50, 99, 100, 101, 150, 2000)))
    # thousands of copies of a tiny model; a few of a big one (2,000 copies of a detector are 500k ops)
    return "many", many_sub_models(data, rng.choice((2, 100, 2000) if len(data) < 4000 else (2, 10)))
