"""The entry-point cache (mllint/entry_points.py): same answer as importlib.metadata, refreshed when a
distribution is installed, and importlib.metadata left unimported while the environment is unchanged."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

from mllint.rule import BUILTIN_DISTRIBUTION

PROBE = (
    "import json, sys\n"
    "from mllint.entry_points import entry_points\n"
    "found = entry_points('mllint')\n"
    "print(json.dumps({'found': [list(e) for e in found], 'metadata': 'importlib.metadata' in sys.modules}))\n"
)


def _probe(cache: Path, site: Path | None = None) -> dict:
    env = dict(os.environ, MLLINT_CACHE_DIR=str(cache))
    if site is not None:
        env["PYTHONPATH"] = str(site)
    result = subprocess.run([sys.executable, "-c", PROBE], env=env, capture_output=True, text=True, cwd="/", check=True)
    return json.loads(result.stdout)


def _distribution(site: Path, project: str, entry_point: str) -> None:
    info = site / f"{project.replace('-', '_')}-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {project}\nVersion: 1.0\n")
    (info / "entry_points.txt").write_text(f"[mllint]\n{entry_point} = {project.replace('-', '_')}\n")


def _age(folder: Path, seconds: float = 60.0) -> None:
    """Make ``folder`` look settled (changed a minute ago), as an installed environment is."""
    past = time.time() - seconds
    os.utime(folder, (past, past))


def test_the_second_run_reads_the_cache_and_finds_the_same_entry_points(tmp_path: Path) -> None:
    from importlib.metadata import entry_points

    first = _probe(tmp_path / "cache")
    second = _probe(tmp_path / "cache")
    assert first["metadata"] and not second["metadata"]
    assert second["found"] == first["found"]
    assert [(name, value) for name, value, _ in first["found"]] == [
        (ep.name, ep.value) for ep in entry_points(group="mllint")
    ]
    assert all(dist == BUILTIN_DISTRIBUTION for name, _, dist in first["found"] if name.startswith("builtin-"))


def test_installing_a_distribution_refreshes_the_cache(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    _distribution(site, "acme-rules", "acme")
    _age(site)
    assert "acme" in [name for name, _, _ in _probe(tmp_path / "cache", site)["found"]]
    assert not _probe(tmp_path / "cache", site)["metadata"]  # cached
    _distribution(site, "beta-rules", "beta")  # the folder's time moves: the cache no longer applies
    again = _probe(tmp_path / "cache", site)
    assert again["metadata"]
    assert {"acme": "acme-rules", "beta": "beta-rules"}.items() <= {n: d for n, _, d in again["found"]}.items()


def test_a_folder_changed_just_now_is_not_cached(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    _distribution(site, "acme-rules", "acme")  # now: another change in the same clock tick would not show
    _probe(tmp_path / "cache", site)
    assert _probe(tmp_path / "cache", site)["metadata"]


def test_a_damaged_cache_file_is_ignored(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    expected = _probe(cache)["found"]
    for file in cache.iterdir():
        file.write_text("{not json")
    result = _probe(cache)
    assert result["metadata"] and result["found"] == expected
