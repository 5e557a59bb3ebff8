#!/usr/bin/env python3
"""Long fuzz run: mutate valid specs and packages, lint each in-process, look for anything but an answer.

    .venv/bin/python bench/fuzz.py [--inputs 100000] [--jobs 2] [--seed 1] [--save DIR]

Seeds are every model under fixtures/ and the corpus models up to 300 KB (../shared/corpus, read-only:
only their bytes are used). Each input is one mutation from tests/spec_mutations.py (byte flips,
truncation, field-level changes of the parsed spec, nested pipelines, many sub-models) or, for 40% of
the single-file inputs, from tests/spec_mutator.py (driven by the protobuf descriptors: any model type,
message, enum, repeated field or map entry, custom-layer parameters included, spec versions 0-11,
pipelines of pipelines, synthetic models of every type), written as a
``.mlmodel`` in a private temporary folder, or a copied ``.mlpackage`` whose spec, ``Manifest.json`` or
``weight.bin`` is mutated. Every input is linted with all rules, rendered as JSON and parsed back; every
100th goes through the real CLI entry point (``mllint.cli.main``) with captured stdout and stderr.

A finding is any of: an exception out of the linter or reporter, a CLI exit code other than 0/1, a
traceback or an internal error on stderr, output that is not a JSON document, an input changed on disk,
an input that takes longer than 30 s. ``ML900``/``ML901`` diagnostics (a rule crashed or ran out of
time) are not failures of mllint's promise but are listed too, grouped by rule and error, since each one
is a bug in that rule. Inputs behind a finding are saved to --save (default: a new temporary folder).
Prints a JSON summary. Timings are not the point; nothing here is asserted by the test suite.
"""

from __future__ import annotations

import argparse
import collections
import contextlib
import hashlib
import io
import json
import multiprocessing
import os
import random
import shutil
import signal
import sys
import tempfile
import time
import traceback
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

CORPUS = ROOT.parent / "shared" / "corpus"
MAX_SEED_BYTES = 300_000
SMALL_SEED_BYTES = 20_000
CLI_EVERY = 100
CHUNK = 2500  # inputs per worker process
INPUT_SECONDS = 30
SCHEMA_SHARE = 0.4  # share of .mlmodel inputs from the schema-driven mutator (tests/spec_mutator.py)
SPEC_IN_PACKAGE = Path("Data/com.apple.CoreML/model.mlmodel")
WEIGHTS_IN_PACKAGE = Path("Data/com.apple.CoreML/weights/weight.bin")


class InputTimeout(BaseException):
    pass


def seeds() -> tuple[list[tuple[str, bytes]], list[Path]]:
    """(name, spec bytes) of every seed model, and the packages to mutate whole."""
    from mllint.discovery import resolve
    from mllint.loader import LoadError, load

    specs: list[tuple[str, bytes]] = []
    packages: list[Path] = []
    roots = [ROOT / "fixtures"] + ([CORPUS] if CORPUS.is_dir() else [])
    for artifact in resolve([str(r) for r in roots]):
        try:
            loaded = load(artifact)
        except LoadError:
            continue
        spec_path = Path(artifact.real) / SPEC_IN_PACKAGE if artifact.kind == "mlpackage" else Path(artifact.real)
        if artifact.kind == "mlpackage" and not spec_path.is_file():
            continue  # a manifest naming another spec path: skip
        if loaded.spec_size <= MAX_SEED_BYTES:
            specs.append((artifact.path, spec_path.read_bytes()))
        if artifact.kind == "mlpackage" and str(ROOT / "fixtures") in artifact.real:
            packages.append(Path(artifact.real))
    return specs, packages


def digest(path: Path) -> str:
    hasher = hashlib.sha256()
    items = sorted(path.rglob("*")) if path.is_dir() else []
    for item in [path, *items]:
        hasher.update(os.fsencode(item))
        if item.is_file() and not item.is_symlink():
            hasher.update(item.read_bytes())
    return hasher.hexdigest()


def crash_key(error: BaseException) -> str:
    frames = traceback.extract_tb(error.__traceback__)
    where = " <- ".join(f"{Path(f.filename).name}:{f.lineno}" for f in reversed(frames[-3:]))
    return f"{type(error).__name__}: {str(error)[:120]} @ {where}"


def rule_problem_key(message: str) -> str:
    """``rule ML2xx (name) ... crashed: TypeError: ... at file.py:12`` without the per-model count."""
    return message.split(" (and ")[0][:220]


class Worker:
    def __init__(self, seed_specs: list[tuple[str, bytes]], packages: list[Path], save: Path):
        from mllint import reporters  # noqa: F401 - loads the JSON reporter through the registry
        from mllint.api import Linter

        self.linter = Linter.create()
        self.selection = self.linter.selection()
        self.reporter = self.linter.registry.reporters["json"]
        self.specs = seed_specs
        self.small_specs = [(n, d) for n, d in seed_specs if len(d) <= SMALL_SEED_BYTES]
        self.packages = packages
        self.save = save
        self.folder = Path(tempfile.mkdtemp(prefix="mllint-fuzz-"))

    def close(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)

    # ------------------------------------------------------------------ one input

    def make_input(self, rng: random.Random, number: int) -> tuple[str, Path]:
        from spec_mutations import mutate, mutate_bytes

        if self.packages and rng.random() < 0.15:
            source = rng.choice(self.packages)
            package = self.folder / f"in{number % 4}.mlpackage"
            shutil.rmtree(package, ignore_errors=True)
            shutil.copytree(source, package, symlinks=True)
            part = rng.random()
            if part < 0.5:
                spec = package / SPEC_IN_PACKAGE
                kind, data = mutate(rng, spec.read_bytes())
                spec.write_bytes(data)
                return f"package-spec-{kind}", package
            if part < 0.75 and (package / WEIGHTS_IN_PACKAGE).is_file():
                weights = package / WEIGHTS_IN_PACKAGE
                weights.write_bytes(mutate_bytes(rng, weights.read_bytes()))
                return "package-weights", package
            manifest = package / "Manifest.json"
            manifest.write_bytes(mutate_bytes(rng, manifest.read_bytes()))
            return "package-manifest", package
        # Mostly small seeds (most bugs show on small inputs, and they lint in milliseconds).
        pool = self.small_specs if self.small_specs and rng.random() < 0.8 else self.specs
        name, data = rng.choice(pool)
        if rng.random() < SCHEMA_SHARE:
            # tests/spec_mutator.py: writes what no seed has (any model type, message, enum, map entry,
            # custom-layer parameters, spec versions 0-11, pipelines of pipelines), or a synthetic model
            from spec_mutator import mutate_spec

            kind, mutated = mutate_spec(rng, None if rng.random() < 0.25 else data)
            kind = f"schema-{kind}"
        else:
            kind, mutated = mutate(rng, data)
        path = self.folder / f"in{number % 4}.mlmodel"
        path.write_bytes(mutated)
        return kind, path

    def lint_in_process(self, path: Path) -> tuple[list[Any], str]:
        from mllint.discovery import resolve
        from mllint.reporting import ReportOptions

        report = self.linter.lint(resolve([str(path)]), self.selection)
        buffer = io.StringIO()
        self.reporter.render(report, buffer, ReportOptions())
        document = json.loads(buffer.getvalue())
        if not isinstance(document, dict) or "diagnostics" not in document:
            raise AssertionError("the JSON report has no diagnostics list")
        return report.diagnostics, buffer.getvalue()

    @staticmethod
    def lint_cli(path: Path) -> list[dict[str, Any]]:
        from mllint.cli import main

        out, err = io.StringIO(), io.StringIO()
        code: Any = None
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                main(["check", "--format", "json", str(path)])
            except SystemExit as done:
                code = done.code
        if code not in (0, 1):
            raise AssertionError(f"CLI exit code {code!r}; stderr: {err.getvalue()[:300]}")
        if "Traceback" in err.getvalue() or "internal error" in err.getvalue():
            raise AssertionError(f"CLI stderr: {err.getvalue()[:300]}")
        return json.loads(out.getvalue())["diagnostics"]


def _on_alarm(signum: int, frame: Any) -> None:
    raise InputTimeout()


def run_worker(job: tuple[int, int, int, str]) -> dict[str, Any]:
    worker_index, count, seed, save = job
    specs, packages = seeds()
    worker = Worker(specs, packages, Path(save))
    rng = random.Random(seed * 1000 + worker_index)
    kinds: collections.Counter[str] = collections.Counter()
    codes: collections.Counter[str] = collections.Counter()
    failures: dict[str, dict[str, Any]] = {}
    rule_problems: collections.Counter[str] = collections.Counter()
    # The per-input guard counts CPU time on ITIMER_PROF/SIGPROF: SIGALRM stays free for the engine's
    # own rule watchdog (which steps aside when someone else owns SIGALRM).
    signal.signal(signal.SIGPROF, _on_alarm)
    started = time.time()
    try:
        for number in range(count):
            input_seed = rng.randrange(2**32)
            local = random.Random(input_seed)
            kind, path = worker.make_input(local, number)
            kinds[kind] += 1
            before = digest(path)
            signal.setitimer(signal.ITIMER_PROF, INPUT_SECONDS)
            try:
                diagnostics, _ = worker.lint_in_process(path)
                if number % CLI_EVERY == 0:
                    worker.lint_cli(path)
                signal.setitimer(signal.ITIMER_PROF, 0)
                if digest(path) != before:
                    raise AssertionError("the input changed on disk")
                for diagnostic in diagnostics:
                    codes[diagnostic.code] += 1
                    if diagnostic.code in ("ML900", "ML901"):
                        rule_problems[rule_problem_key(diagnostic.message)] += 1
            except (Exception, InputTimeout) as error:  # noqa: BLE001 - this is what we look for
                signal.setitimer(signal.ITIMER_PROF, 0)
                key = "timeout (30 s CPU)" if isinstance(error, InputTimeout) else crash_key(error)
                entry = failures.setdefault(key, {"count": 0, "kind": kind, "seed": input_seed, "saved": None})
                entry["count"] += 1
                if entry["saved"] is None:
                    target = Path(save) / f"w{worker_index}-{input_seed}{path.suffix}"
                    if path.is_dir():
                        shutil.copytree(path, target, symlinks=True)
                    else:
                        shutil.copy(path, target)
                    entry["saved"] = str(target)
    finally:
        worker.close()
    return {
        "inputs": count,
        "seconds": time.time() - started,
        "kinds": dict(kinds),
        "codes": dict(codes),
        "failures": failures,
        "rule_problems": dict(rule_problems),
        "seed_models": len(specs),
        "seed_packages": len(packages),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--inputs", type=int, default=100_000)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--save", type=Path, default=None, help="folder for inputs behind a finding")
    args = parser.parse_args()
    save = args.save or Path(tempfile.mkdtemp(prefix="mllint-fuzz-findings-"))
    save.mkdir(parents=True, exist_ok=True)
    # Chunks of CHUNK inputs, each in a fresh process: a rule's cache that leaks cannot pile up.
    chunks, extra = divmod(args.inputs, CHUNK)
    sizes = [CHUNK] * chunks + ([extra] if extra else [])
    jobs = [(i, size, args.seed, str(save)) for i, size in enumerate(sizes)]
    started = time.time()
    with multiprocessing.get_context("fork").Pool(args.jobs, maxtasksperchild=1) as pool:
        results = pool.map(run_worker, jobs, chunksize=1)
    summary: dict[str, Any] = {
        "inputs": sum(r["inputs"] for r in results),
        "seconds": round(time.time() - started, 1),
        "worker_processes": len(results),
        "seed_models": results[0]["seed_models"],
        "seed_packages": results[0]["seed_packages"],
        "kinds": dict(sum((collections.Counter(r["kinds"]) for r in results), collections.Counter())),
        "codes": dict(sum((collections.Counter(r["codes"]) for r in results), collections.Counter()).most_common()),
        "failures": {},
        "rule_problems": dict(
            sum((collections.Counter(r["rule_problems"]) for r in results), collections.Counter()).most_common()
        ),
        "saved_to": str(save),
    }
    for result in results:
        for key, entry in result["failures"].items():
            merged = summary["failures"].setdefault(key, dict(entry, count=0))
            merged["count"] += entry["count"]
    print(json.dumps(summary, indent=2))
    sys.exit(1 if summary["failures"] else 0)


if __name__ == "__main__":
    main()
