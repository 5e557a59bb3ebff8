"""The chips ``--chip`` can name, with the Neural Engine limits each one is known to have.

Core ML places work by cost on the device it runs on, so what a model may run on the
Neural Engine (ANE) depends on the chip. Apple publishes no per-chip list; the rows
below restate public evidence, each with its strength:

- **compile-sweep**: the aneforge 0.4.0 package (PyPI, MIT; github sbryngelson/ANEForge)
  compiles MIL programs for the ANE through the private e5rt runtime, not through Core ML.
  Its per-chip tiers (``aneforge/_targets.py``: M1 measured H13, M2 H14, M3 H15, M4 H16,
  M5 measured H17s in the H16 tier) and numeric limits (``max_tensor_dim``,
  ``channel_extent``, ``conv_kw_max``) describe what the ANE *compiler* accepts on each
  tier. A limit it measures is strong evidence that a larger op cannot run on the ANE;
  it says nothing about where Core ML places work below the limit.
- **apple-doc**: the coremltools optimisation guide ("W8A8 ... faster int8-int8 compute
  path supported in newer hardware (A17 pro, M4)") and apple/ml-stable-diffusion README.
- **measurement**: first-hand Core ML reports (smpanaro/more-ane-transformers
  ``src/experiments/NOTES.md``; Anemll ``agent.md``).
- **inferred**: an iPhone chip mapped to the Mac tier whose Neural Engine it most likely
  shares (hollance/neural-engine ``docs/supported-devices.md``: the M1's ANE is "most
  likely the same Neural Engine as in the A14 Bionic"; "The M2 appears to use the 16-core
  Neural Engine from the A15 Bionic"). aneforge measured Macs only, so every A-series
  tier is inferred. Where the evidence does not settle a tier the row takes the lower
  one, so a per-chip floor never claims more than the evidence shows.

aneforge names its tiers "A13" (M1), "A14" (M2), "A15" (M3) and "A16" (M4, M5): those
are its own labels for compiler generations, not iPhone chips (its catalog maps the
alias ``a14`` to the M2). This table uses the chips themselves.
"""

from __future__ import annotations

from typing import Literal, NamedTuple

Family = Literal["A", "M"]
Strength = Literal["apple-doc", "measurement", "compile-sweep", "inferred"]

# ANE compiler tiers, oldest first (aneforge/_targets.py _ARCH_FAMILY / _BRAND_FAMILY).
ANE_TIERS: tuple[str, ...] = ("H13", "H14", "H15", "H16+")

ANEFORGE = "aneforge 0.4.0 compile sweep"
ANEFORGE_TIERS = ANEFORGE + " (aneforge/_targets.py: M1 measured H13; M2 H14, M3 H15, M4 H16; M5 measured H17s)"
ANEFORGE_DIM = (
    ANEFORGE + " (aneforge/_targets.py limits: max_tensor_dim 16384 from M1, 65536 from the M4/M5 tier; "
    "channel_extent 65536)"
)
ANEFORGE_KERNEL = ANEFORGE + " (conv_kw_max: kernel width <= 13 from M1, <= 15 on the M4/M5 tier)"
SIZE_MEASURED = (
    "smpanaro/more-ane-transformers src/experiments/NOTES.md (2023-04-02, 2023-09-27: an lm_head with more "
    'than 16384 outputs runs on the CPU; "split/concat trick to get them under 16384"); Anemll agent.md '
    '("Do not exceed 16 384 elements in height or width, and 65 536 in the channel dimension")'
)
HOLLANCE_DEVICES = "hollance/neural-engine docs/supported-devices.md"
W8A8_DOC = (
    "coremltools docs, optimisation overview (W8A8 'faster int8-int8 compute path supported in newer "
    "hardware (A17 pro, M4)'); apple/ml-stable-diffusion README"
)


# A whole model: above this much weight data an M1-class Mac runs CPU_AND_NE work on the CPU
# only (smpanaro NOTES.md 2023-03-30/31: "somewhere between 2 and 3 GB"), and iOS needs the
# weights in chunks of about 1 GB for the ANE (apple/ml-stable-diffusion README, --chunk-unet).
# Measurements, not limits of the compiler; kept as bytes. No source gives another limit for
# newer Macs, so every Mac keeps the M1's (the estimate never claims more than the evidence).
LARGE_MODEL_BYTES_M1 = 2 * 1024**3
LARGE_CHUNK_BYTES_IOS = 1024**3
LARGE_MODEL_SOURCE_MAC = (
    'smpanaro/more-ane-transformers src/experiments/NOTES.md 2023-03-30/31 ("somewhere between 2 and 3 GB, '
    'running with CPUAndNE gets you only CPU", M1); other Macs inferred from it'
)
LARGE_MODEL_SOURCE_IOS = (
    "apple/ml-stable-diffusion README (--chunk-unet 'required for Neural Engine deployment on iOS', chunks of "
    "about 1 GB)"
)
LARGE_MODEL_SOURCE = LARGE_MODEL_SOURCE_MAC + "; " + LARGE_MODEL_SOURCE_IOS


class Chip(NamedTuple):
    """One chip: its ANE compiler tier, its size caps and where each fact comes from."""

    name: str  # as typed after --chip
    family: Family
    generation: int  # order within the family (A14 = 14, M1 = 1)
    ane_tier: str  # one of ANE_TIERS
    tier_strength: Strength
    tier_source: str
    max_spatial_dim: int  # largest height/width (and matmul contraction) the ANE compiles
    max_channels: int
    max_conv_kernel_width: int
    size_strength: Strength
    size_source: str
    int8_activations: bool  # the W8A8 int8-int8 compute path
    int8_source: str
    max_model_weight_bytes: int  # above this much weight data the whole model runs off the ANE
    model_weight_source: str
    note: str = ""


def _caps(tier: str) -> tuple[int, int, int]:
    """(max spatial dim, max channels, max conv kernel width) of an ANE tier (ANEFORGE_DIM, ANEFORGE_KERNEL)."""
    if tier == "H16+":
        return 65536, 65536, 15
    return 16384, 65536, 13


def _chip(
    name: str,
    family: Family,
    generation: int,
    *,
    tier: str,
    tier_strength: Strength,
    tier_source: str,
    int8: bool,
    note: str = "",
) -> Chip:
    spatial, channels, kernel = _caps(tier)
    measured_mac = family == "M"
    return Chip(
        name=name,
        family=family,
        generation=generation,
        ane_tier=tier,
        tier_strength=tier_strength,
        tier_source=tier_source,
        max_spatial_dim=spatial,
        max_channels=channels,
        max_conv_kernel_width=kernel,
        size_strength="compile-sweep" if measured_mac else "inferred",
        size_source=ANEFORGE_DIM + "; " + ANEFORGE_KERNEL + "; " + SIZE_MEASURED,
        int8_activations=int8,
        int8_source=W8A8_DOC,
        max_model_weight_bytes=LARGE_MODEL_BYTES_M1 if family == "M" else LARGE_CHUNK_BYTES_IOS,
        model_weight_source=LARGE_MODEL_SOURCE_MAC if family == "M" else LARGE_MODEL_SOURCE_IOS,
        note=note,
    )


# iPhone/iPad chips first, then Macs; each family oldest first.
CHIPS: tuple[Chip, ...] = (
    _chip(
        "A14",
        "A",
        14,
        tier="H13",
        tier_strength="inferred",
        tier_source=HOLLANCE_DEVICES + ' (M1: "most likely the same Neural Engine as in the A14 Bionic")',
        int8=False,
    ),
    _chip(
        "A15",
        "A",
        15,
        tier="H14",
        tier_strength="inferred",
        tier_source=HOLLANCE_DEVICES + ' (M2: "appears to use the 16-core Neural Engine from the A15 Bionic")',
        int8=False,
    ),
    _chip(
        "A16",
        "A",
        16,
        tier="H14",
        tier_strength="inferred",
        tier_source=HOLLANCE_DEVICES + " (A16: 17 TOPS, one step after the A15); no source ties it to a Mac tier",
        int8=False,
        note="lower bound: the A16 may share the M3's H15 tier; until a source says so, H15 floors "
        "(sin, cos, reduce_argmin) are not granted",
    ),
    _chip(
        "A17",
        "A",
        17,
        tier="H16+",
        tier_strength="inferred",
        tier_source=W8A8_DOC + " (Apple pairs the A17 Pro with the M4 for the int8-int8 path)",
        int8=True,
        note="A17 Pro; the tier is inferred from Apple naming it beside the M4, sizes are not measured on it",
    ),
    _chip(
        "A18",
        "A",
        18,
        tier="H16+",
        tier_strength="inferred",
        tier_source=HOLLANCE_DEVICES + ' (A18: 35 TOPS, "similar to its predecessor", the A17 Pro)',
        int8=True,
        note="int8 path inferred from the A17 Pro; Apple's note names only 'newer hardware (A17 pro, M4)'",
    ),
    _chip("M1", "M", 1, tier="H13", tier_strength="compile-sweep", tier_source=ANEFORGE_TIERS, int8=False),
    _chip("M2", "M", 2, tier="H14", tier_strength="compile-sweep", tier_source=ANEFORGE_TIERS, int8=False),
    _chip(
        "M3",
        "M",
        3,
        tier="H15",
        tier_strength="compile-sweep",
        tier_source=ANEFORGE_TIERS,
        int8=False,
        note=HOLLANCE_DEVICES + " says the M3 'appears to use' the A15's ANE; aneforge lists a distinct H15",
    ),
    _chip("M4", "M", 4, tier="H16+", tier_strength="compile-sweep", tier_source=ANEFORGE_TIERS, int8=True),
    _chip("M5", "M", 5, tier="H16+", tier_strength="compile-sweep", tier_source=ANEFORGE_TIERS, int8=True),
)

CHIPS_BY_NAME: dict[str, Chip] = {chip.name: chip for chip in CHIPS}

# Without --chip the estimate assumes the oldest tier every current Core ML device with an
# ANE meets (the A14/M1 tier) and says so.
DEFAULT_ASSUMED_CHIP = "M1"


def tier_index(tier: str) -> int:
    """Position of an ANE tier in ANE_TIERS (0 = the oldest)."""
    return ANE_TIERS.index(tier)


def chip(name: str) -> Chip:
    """The row for ``--chip NAME`` (case-insensitive); KeyError names the known chips."""
    try:
        return CHIPS_BY_NAME[name.upper()]
    except KeyError:
        raise KeyError(f"unknown chip {name!r}; known: {', '.join(CHIPS_BY_NAME)}") from None
