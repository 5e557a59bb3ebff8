"""Integrity of the Neural Engine knowledge tables: the compile sweep and the chip list."""

from __future__ import annotations

from mllint.knowledge import ane_compile_sweep as sweep
from mllint.knowledge import chips
from mllint.knowledge.mil_ops import MIL_OPS


def test_every_swept_op_is_a_known_mil_op() -> None:
    unknown = [row.op for row in sweep.SWEEP if row.op not in MIL_OPS]
    assert unknown == []


def test_one_row_per_op() -> None:
    ops = [row.op for row in sweep.SWEEP]
    assert len(ops) == len(set(ops))


def test_every_sweep_row_cites_its_source() -> None:
    assert all(row.source.startswith("aneforge ") for row in sweep.SWEEP)
    assert sweep.EVIDENCE == "compile-sweep"


def test_floors_name_mac_chips_and_say_what_happens_below() -> None:
    for row in sweep.SWEEP:
        if row.floor:
            assert chips.CHIPS_BY_NAME[row.floor].family == "M", row.op
            assert row.below_floor in ("rejected", "lowered-otherwise"), row.op
        else:
            assert row.below_floor == "", row.op


def test_every_chip_row_is_sourced() -> None:
    for chip in chips.CHIPS:
        assert chip.tier_source and chip.size_source and chip.int8_source, chip.name
        assert chip.ane_tier in chips.ANE_TIERS, chip.name


def test_chips_are_ordered_and_tiers_never_go_back() -> None:
    families = [chip.family for chip in chips.CHIPS]
    assert families == sorted(families)  # A-series, then M-series
    for family in ("A", "M"):
        rows = [chip for chip in chips.CHIPS if chip.family == family]
        assert [c.generation for c in rows] == sorted({c.generation for c in rows})
        tiers = [chips.tier_index(c.ane_tier) for c in rows]
        assert tiers == sorted(tiers)


def test_only_mac_tiers_are_measured() -> None:
    # aneforge measured Macs; an iPhone chip's tier is always inferred.
    assert all(c.tier_strength == "inferred" for c in chips.CHIPS if c.family == "A")


def test_size_caps_follow_the_tier() -> None:
    assert chips.chip("m1").max_spatial_dim == 16384
    assert chips.chip("M3").max_spatial_dim == 16384
    assert chips.chip("M4").max_spatial_dim == 65536
    assert all(c.max_channels == 65536 for c in chips.CHIPS)
    assert chips.chip("M1").max_conv_kernel_width == 13
    assert chips.chip("M4").max_conv_kernel_width == 15


def test_unknown_chip_names_the_known_ones() -> None:
    try:
        chips.chip("A99")
    except KeyError as error:
        assert "M1" in str(error)
    else:
        raise AssertionError("A99 accepted")
    assert chips.DEFAULT_ASSUMED_CHIP in chips.CHIPS_BY_NAME


def test_compiles_on_applies_floors() -> None:
    assert sweep.compiles_on("topk", "M1") is False
    assert sweep.compiles_on("topk", "M2") is True
    assert sweep.compiles_on("topk", "A14") is False  # the A14 shares the M1's tier
    assert sweep.compiles_on("sin", "A16") is False  # lower bound until a source places the A16
    assert sweep.compiles_on("sin", "M3") is True
    assert sweep.compiles_on("upsample_nearest_neighbor", "M1") is True  # lowered another way on M1
    assert sweep.compiles_on("gather", "M5") is False
    assert sweep.compiles_on("no_such_op", "M1") is None


def test_a_series_floor_is_derived_from_the_tiers() -> None:
    assert sweep.SWEEP_BY_OP["topk"].floor_in("A") == "A15"
    assert sweep.SWEEP_BY_OP["sin"].floor_in("M") == "M3"
    assert sweep.SWEEP_BY_OP["conv"].floor_in("A") == ""


def test_cast_failure_is_flagged_as_not_fallback_evidence() -> None:
    # The sweep's cast fails, but Core ML's compute plan puts casts on the ANE (vx-lang/Vx#436).
    row = sweep.SWEEP_BY_OP["cast"]
    assert not row.compiles
    assert "not fallback evidence" in row.note
