"""Core ML's generated protobuf classes, without importing coremltools.

``import coremltools`` costs about 0.45 s, pulls in numpy and sympy and, on
Linux, logs "Failed to load _MLModelProxy ..." warnings. The spec's message
classes live in ``coremltools/proto/*_pb2.py`` and import nothing but
``google.protobuf`` and each other (relatively). We locate that folder with
``importlib.util.find_spec`` (which does not execute ``coremltools/__init__``)
and load it as a package of its own under an alias. The descriptors are
registered in protobuf's default pool, so a later ``import coremltools`` in
the same process reuses them: ``Model_pb2.Model`` is then the very class
coremltools uses (protobuf's ``descriptor_pool.Default()``).
"""

from __future__ import annotations

import importlib
import importlib.util
import os
import sys
from functools import cache
from types import ModuleType
from typing import Any

ALIAS = "_mllint_coreml_proto"


class ProtoUnavailable(RuntimeError):
    """coremltools (which ships the spec's protobuf classes) is not installed."""


def _proto_dir() -> str:
    spec = importlib.util.find_spec("coremltools")
    if spec is None or spec.origin is None:
        raise ProtoUnavailable("coremltools is not installed; mllint needs its protobuf classes")
    return os.path.join(os.path.dirname(spec.origin), "proto")


def _load_alias_package() -> ModuleType:
    if ALIAS in sys.modules:
        return sys.modules[ALIAS]
    folder = _proto_dir()
    init = os.path.join(folder, "__init__.py")
    spec = importlib.util.spec_from_file_location(ALIAS, init, submodule_search_locations=[folder])
    if spec is None or spec.loader is None:
        raise ProtoUnavailable(f"cannot load Core ML protobuf classes from {folder}")
    package = importlib.util.module_from_spec(spec)
    sys.modules[ALIAS] = package
    # coremltools/proto/__init__.py imports four modules eagerly unless told not to.
    previous = os.environ.get("IMPORT_COREMLTOOLS_PROTO")
    os.environ["IMPORT_COREMLTOOLS_PROTO"] = "0"
    try:
        spec.loader.exec_module(package)
    finally:
        if previous is None:
            del os.environ["IMPORT_COREMLTOOLS_PROTO"]
        else:
            os.environ["IMPORT_COREMLTOOLS_PROTO"] = previous
    return package


@cache
def module(name: str) -> ModuleType:
    """Return one generated module, e.g. ``module("Model_pb2")``."""
    _load_alias_package()
    return importlib.import_module(f"{ALIAS}.{name}")


def is_map_entry(message_type: Any) -> bool:
    """Whether a message descriptor is a map's entry (``map<string, X>`` fields are repeated entries).

    Asks ``has_options`` first: ``GetOptions()`` imports ``descriptor_pb2`` (about 300 KB of
    bytecode) on first use, and only messages with options set can be map entries.
    """
    return bool(message_type.has_options and message_type.GetOptions().map_entry)


def model_class() -> type:
    """The top-level ``CoreML.Specification.Model`` message class."""
    return module("Model_pb2").Model  # type: ignore[no-any-return]
