from conftest import codes, fixture_path, lint_path


def test_gather_between_convs_splits_the_ane_work() -> None:
    found = lint_path(fixture_path("ml216_ane_mix.mlpackage"), select=["ML216"])
    assert codes(found) == ["ML216"]
    [diagnostic] = found
    assert diagnostic.location == ""
    assert diagnostic.message == (
        "estimated 2 Neural Engine partitions (4 of 7 compute ops on the ANE): Core ML copies data at "
        "each switch to and from the CPU/GPU; fallback ops: cast x1, gather x1, topk x1"
    )


def test_one_partition_is_clean() -> None:
    assert lint_path(fixture_path("ml216_ane_mix_clean.mlpackage"), select=["ML216"]) == []
