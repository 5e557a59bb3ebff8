"""Core ML specification versions and the OS releases that read them.

Source: the comment above ``message Model`` in apple/coremltools
``mlmodel/format/Model.proto``; C++ constants in ``mlmodel/src/Globals.hpp``
(``MLMODEL_SPECIFICATION_VERSION_IOS11`` = 1 ... ``IOS26`` = 10); ML program
opsets from ``_OPSET`` in ``coremltools/__init__.py`` (coremltools 9.0).
"""

from __future__ import annotations

from typing import NamedTuple

NEWEST_SPEC_VERSION = 10  # Globals.hpp MLMODEL_SPECIFICATION_VERSION_NEWEST
LOWEST_MLPROGRAM_SPEC_VERSION = 6  # coremltools _LOWEST_ALLOWED_SPECIFICATION_VERSION_FOR_MILPROGRAM
PLATFORMS = ("iOS", "macOS", "tvOS", "watchOS")


class Release(NamedTuple):
    spec_version: int
    iOS: str
    macOS: str
    tvOS: str
    watchOS: str
    opset: str | None  # the ML program opset introduced with this version

    def os_name(self, platform: str = "iOS") -> str:
        return f"{platform}{getattr(self, platform)}"

    @property
    def label(self) -> str:
        """``iOS 16 / macOS 13 / tvOS 16 / watchOS 9``."""
        return " / ".join(f"{p} {getattr(self, p)}" for p in PLATFORMS)


# spec version -> OS releases (Model.proto comment; Globals.hpp)
RELEASES: dict[int, Release] = {
    1: Release(1, "11", "10.13", "11", "4", None),
    2: Release(2, "11.2", "10.13.2", "11.2", "4.2", None),
    3: Release(3, "12", "10.14", "12", "5", None),
    4: Release(4, "13", "10.15", "13", "6", None),
    5: Release(5, "14", "11", "14", "7", None),
    6: Release(6, "15", "12", "15", "8", "CoreML5"),
    7: Release(7, "16", "13", "16", "9", "CoreML6"),
    8: Release(8, "17", "14", "17", "10", "CoreML7"),
    9: Release(9, "18", "15", "18", "11", "CoreML8"),
    10: Release(10, "26", "26", "26", "26", "CoreML9"),
}

# ML program opset -> the spec version that introduced it (coremltools _OPSET).
OPSET_SPEC_VERSION: dict[str, int] = {r.opset: v for v, r in RELEASES.items() if r.opset}


def release(spec_version: int) -> Release | None:
    return RELEASES.get(spec_version)


def os_label(spec_version: int, platform: str = "iOS") -> str:
    """``iOS16`` for 7; ``spec v11`` for a version this table does not know."""
    known = RELEASES.get(spec_version)
    return known.os_name(platform) if known else f"spec v{spec_version}"


def ios_macos_label(spec_version: int) -> str:
    """``iOS16/macOS13`` for 7; ``spec v11`` for a version this table does not know."""
    known = RELEASES.get(spec_version)
    return f"{known.os_name('iOS')}/{known.os_name('macOS')}" if known else f"spec v{spec_version}"


def parse_target(text: str) -> int:
    """``iOS16``, ``ios16``, ``macOS13``, ``macOS10.15``, ``watchOS9``, ``tvOS16`` -> spec version.

    Raises ValueError for an unknown name.
    """
    cleaned = text.strip().replace(" ", "").replace("_", ".")
    for platform in PLATFORMS:
        if cleaned.lower().startswith(platform.lower()):
            wanted = cleaned[len(platform) :]
            for version, known in sorted(RELEASES.items()):
                have = getattr(known, platform)
                if have == wanted or (have.split(".")[0] == wanted and "." not in have):
                    return version
            break
    names = ", ".join(RELEASES[v].os_name() for v in sorted(RELEASES))
    raise ValueError(f"unknown deployment target {text!r} (e.g. {names}, or macOS/tvOS/watchOS names)")
