#!/usr/bin/env python3
"""mllint's ML1 errors against Core ML's own validator, over the fixtures, the corpus and N mutants.

    .venv/bin/python bench/validator_diff.py [--mutants 10000] [--seed 1000000] [--top 25] [--show 2]

Mutants come from tests/spec_mutator.py: mutant i uses ``random.Random(seed + i)`` over the seed
specs (every fixture and corpus model up to 300 KB that the validator accepts). Prints, for each
set, the confusion matrix (validator OK / rejects x mllint ML1 error / silent), the rate of
rejected models that mllint catches and the rate where its first ML1 error is the validator's first
message; then the gaps grouped by the validator's message shape (names and numbers blanked), largest
first, with example seeds to replay (``--replay SEED`` writes that mutant to ./mutant-SEED.mlmodel).
Needs ../shared/oracle/mlvalidate.
"""

from __future__ import annotations

import argparse
import collections
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from spec_mutator import mutant, mutants
from validator_compare import (
    CORPUS,
    FIXTURES,
    Comparer,
    Comparison,
    Tally,
    message_shape,
    model_paths,
    seed_specs,
)
from validator_oracle import ORACLE, available

CHUNK = 500


def report_gaps(title: str, comparisons: list[Comparison], top: int, show: int) -> None:
    groups: dict[str, list[Comparison]] = collections.defaultdict(list)
    for comparison in comparisons:
        groups[message_shape(comparison.verdict.message or comparison.verdict.status)].append(comparison)
    if not groups:
        return
    print(f"\n{title} ({len(comparisons)}), by validator message shape:")
    for shape, members in sorted(groups.items(), key=lambda item: -len(item[1]))[:top]:
        print(f"  {len(members):6d}  {shape}")
        for comparison in members[:show]:
            mine = f"{comparison.errors[0].code}: {comparison.errors[0].message[:150]}" if comparison.errors else "-"
            print(f"            {comparison.name}  mllint: {mine}")


def print_tally(title: str, tally: Tally) -> None:
    c = tally.counts
    print(f"\n== {title}")
    print("                     mllint ML1 error   mllint silent")
    print(f"  validator rejects  {c['caught']:16d}   {c['missed']:13d}")
    print(f"  validator OK       {c['false-alarm']:16d}   {c['agree-ok']:13d}")
    print("  " + tally.summary())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mutants", type=int, default=10000)
    parser.add_argument("--seed", type=int, default=1_000_000)
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--show", type=int, default=2)
    parser.add_argument("--replay", type=int, help="write the mutant of this seed to ./mutant-SEED.mlmodel and stop")
    args = parser.parse_args()
    if not available():
        sys.exit(f"error: Core ML's validator is absent ({ORACLE})")
    specs = seed_specs()
    if args.replay is not None:
        operators, data = mutant(args.replay, specs)
        out = Path(f"mutant-{args.replay}.mlmodel")
        out.write_bytes(data)
        print(f"{out}: {operators}")
        return
    comparer = Comparer()
    started = time.monotonic()
    for title, paths in (("fixtures", model_paths(FIXTURES)), ("corpus", model_paths(CORPUS))):
        tally = Tally()
        for comparison in comparer.compare_paths(paths):
            tally.add(comparison)
        print_tally(f"{title}: {len(paths)} models", tally)
        report_gaps("false alarms", tally.examples["false-alarm"], args.top, 5)
        report_gaps("missed", tally.examples["missed"], args.top, 5)
        report_gaps("caught, another first message", tally.examples["caught-other-message"], args.top, 5)
    tally = Tally()
    operators_of: dict[str, str] = {}
    batch: list[tuple[int, str, bytes]] = []

    def flush() -> None:
        names = [f"seed {seed} [{ops}]" for seed, ops, _ in batch]
        for comparison in comparer.compare_specs([data for _, _, data in batch], names):
            tally.add(comparison)
        batch.clear()

    for seed, operators, data in mutants(specs, args.mutants, args.seed):
        operators_of[str(seed)] = operators
        batch.append((seed, operators, data))
        if len(batch) == CHUNK:
            flush()
    flush()
    print_tally(f"mutants: seeds {args.seed}..{args.seed + args.mutants - 1} over {len(specs)} seed specs", tally)
    report_gaps("false alarms", tally.examples["false-alarm"], args.top, args.show)
    report_gaps("missed", tally.examples["missed"], args.top, args.show)
    report_gaps("caught, another first message", tally.examples["caught-other-message"], args.top, args.show)
    print(f"\n({time.monotonic() - started:.0f} s)")


if __name__ == "__main__":
    main()
