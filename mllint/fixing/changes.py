"""What a fix changed, field by field: ``path.to.field: old -> new``.

Compares two protobuf messages of one type. Repeated fields compare item by
item (extra items are ``added``/``removed``), map fields by key, enums print
their names. Used by ``mllint fix --diff``, which writes nothing.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..protos import is_map_entry


def field_changes(old: Any, new: Any, prefix: str = "") -> list[str]:
    return list(_changes(old, new, prefix))


def _changes(old: Any, new: Any, prefix: str) -> Iterator[str]:
    names = {f.name for f, _ in old.ListFields()} | {f.name for f, _ in new.ListFields()}
    for field in sorted((old.DESCRIPTOR.fields_by_name[n] for n in names), key=lambda f: f.number):
        path = f"{prefix}.{field.name}" if prefix else field.name
        before, after = getattr(old, field.name), getattr(new, field.name)
        if _is_map(field):
            yield from _map_changes(field, before, after, path)
        elif field.is_repeated:
            for index in range(max(len(before), len(after))):
                item = f"{path}[{index}]"
                if index >= len(before):
                    yield f"{item}: added {_short(field, after[index])}"
                elif index >= len(after):
                    yield f"{item}: removed {_short(field, before[index])}"
                else:
                    yield from _value_changes(field, before[index], after[index], item)
        else:
            yield from _value_changes(field, before, after, path)


def _value_changes(field: Any, before: Any, after: Any, path: str) -> Iterator[str]:
    if field.message_type is not None:
        if before != after:
            yield from _changes(before, after, path)
    elif before != after:
        yield f"{path}: {_scalar(field, before)} -> {_scalar(field, after)}"


def _map_changes(field: Any, before: Any, after: Any, path: str) -> Iterator[str]:
    value_field = field.message_type.fields_by_name["value"]
    for key in sorted(set(before) | set(after), key=str):
        item = f"{path}[{key!r}]"
        if key not in before:
            yield f"{item}: added {_short(value_field, after[key])}"
        elif key not in after:
            yield f"{item}: removed {_short(value_field, before[key])}"
        else:
            yield from _value_changes(value_field, before[key], after[key], item)


def _is_map(field: Any) -> bool:
    return field.message_type is not None and is_map_entry(field.message_type)


def _scalar(field: Any, value: Any) -> str:
    if field.enum_type is not None:
        named = field.enum_type.values_by_number.get(value)
        return named.name if named is not None else str(value)
    if isinstance(value, bytes):
        return f"<{len(value)} bytes>"
    return repr(value)


def _short(field: Any, value: Any) -> str:
    """One line for an added or removed item: its type and name when it has them."""
    if field.message_type is None:
        return _scalar(field, value)
    parts = [field.message_type.name]
    for key in ("type", "name"):
        if key in field.message_type.fields_by_name:
            inner = getattr(value, key)
            if isinstance(inner, str) and inner:
                parts.append(repr(inner))
    outputs = getattr(value, "outputs", None)
    if field.message_type.name == "Operation" and outputs:
        parts.append("-> " + ", ".join(o.name for o in outputs))
    return " ".join(parts)
