"""``--format html``: a self-contained page with facts, diagnostics and a drawing of each graph.

The page is checked as text (self-contained, escaped, the right facts), the
layout as data (layers follow the edges, the cap), and in a real headless
browser (Debian's ``chromium``): the rendered DOM has the diagnostics, the
page's script ran, and a screenshot is not blank. The browser tests skip when
chromium is absent, unless ``MLLINT_REQUIRE_CHROMIUM`` is set (CI sets it).
"""

from __future__ import annotations

import html
import io
import os
import pickle
import re
import shutil
import struct
import subprocess
import zlib
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import fixture_path, run_mllint
from mllint.api import Linter
from mllint.discovery import resolve
from mllint.loader import load
from mllint.reporters import html as html_reporter
from mllint.reporters.html_graph import draw
from mllint.reporting import ReportOptions

FINDING_NODE = "main/flatten_out_cast_fp16"
FINDING_MESSAGE = "output 'flatten_out' is produced by reshape 'flatten_out_cast_fp16' (through a trailing cast)"
WARNING_NODE = "main/before"  # ML212 on fp32.mlpackage: the page's warning (ML202 became an info, issue 12)


@pytest.fixture
def models(tmp_path: Path) -> Path:
    folder = tmp_path / "models"
    shutil.copytree(fixture_path("ml202_output_reshape.mlpackage"), folder / "reshape.mlpackage")
    shutil.copytree(fixture_path("ml202_output_reshape_clean.mlpackage"), folder / "clean.mlpackage")
    shutil.copytree(fixture_path("ml212_fp32_compute.mlpackage"), folder / "fp32.mlpackage")
    (folder / "broken.mlmodel").write_bytes(b"\x00not a model")
    return folder


@pytest.fixture
def page(models: Path) -> Path:
    done = run_mllint("--format", "html", "--output", "report.html", "models", cwd=models.parent)
    assert done.returncode == 1, done.stderr  # ML212 is a warning, ML202 an info, broken.mlmodel an error
    return models.parent / "report.html"


# --------------------------------------------------------------------------- the page as text


class _Resources(HTMLParser):
    """Every attribute that could make a browser fetch something."""

    def __init__(self) -> None:
        super().__init__()
        self.fetches: list[str] = []
        self.links: list[str] = []
        self.tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        for name, value in attrs:
            if value is None:
                continue
            if tag == "a" and name == "href":
                self.links.append(value)
            elif name in ("src", "href", "srcset", "xlink:href", "action", "poster", "data"):
                self.fetches.append(f"<{tag} {name}={value}>")


def test_page_is_self_contained(page: Path) -> None:
    text = page.read_text()
    parser = _Resources()
    parser.feed(text)
    assert parser.fetches == []
    assert "link" not in parser.tags and "iframe" not in parser.tags and "img" not in parser.tags
    assert "@import" not in text
    assert not re.search(r"url\(\s*['\"]?(?!#)", text), "CSS url() other than a fragment"
    assert not re.search(r"\bfetch\(|XMLHttpRequest|\.src\s*=", text)
    # Links are fine (clicked, not loaded): fragments within the page, or the rules' documentation.
    assert all(link.startswith(("#", "https://")) for link in parser.links)
    assert "default-src 'none'" in text  # and the browser would refuse any fetch anyway


def test_page_shows_each_model_with_facts_and_interface(page: Path) -> None:
    text = html.unescape(page.read_text())
    for path in ("models/reshape.mlpackage", "models/clean.mlpackage", "models/broken.mlmodel"):
        assert path in text
    assert "mlProgram" in text
    assert "read by iOS 16 / macOS 13 / tvOS 16 / watchOS 9 and later" in text
    assert "iOS16" in text  # the oldest OS the deployment facts name
    assert re.search(r"<code>x</code></td><td>multiArray</td><td>FLOAT32</td><td><code>\[1, 8, 4, 4\]</code>", text)
    assert re.search(r"<code>flatten_out</code></td><td>multiArray</td><td>FLOAT32</td><td><code>\[1, 128\]</code>", text)
    assert "unreadable" in text


def test_page_lists_diagnostics_with_their_docs(page: Path) -> None:
    text = html.unescape(page.read_text())
    assert FINDING_MESSAGE in text
    assert "not a Core ML model" in text  # ML000 for broken.mlmodel
    rule = Linter.create().registry.rule("ML202")
    assert rule is not None
    assert f"About ML202: {rule.summary}" in text
    assert 'id="rule-ML202"' in text and rule.docs_url in text
    assert "Why it matters." in text and "How to fix." in text


def test_escapes_what_models_say(tmp_path: Path) -> None:
    """Names come from the model file: they must never become markup."""
    from mllint.diagnostics import Diagnostic, Severity
    from mllint.reporting import ModelReport, Report

    evil = "<script>alert(1)</script>"
    report = Report(
        models=[
            ModelReport(
                "m.mlmodel",
                "mlmodel",
                "m.mlmodel",
                readable=False,
                diagnostics=[Diagnostic("m.mlmodel", evil, "ML000", "model-unreadable", Severity.ERROR, evil, "m.mlmodel")],
            )
        ],
        rules=Linter.create().registry.rules,
    )
    out = io.StringIO()
    html_reporter.render(report, out, ReportOptions())
    assert evil not in out.getvalue()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in out.getvalue()


def test_the_op_with_a_diagnostic_is_marked_in_the_svg(page: Path) -> None:
    text = page.read_text()
    nodes = re.findall(r'<g class="node ([^"]*)" id="([^"]+)"[^>]*>\s*<title>(.*?)</title>', text, re.S)
    assert nodes
    marked = [(css, anchor, html.unescape(title)) for css, anchor, title in nodes if "has-diag" in css]
    [(css, anchor, title)] = [m for m in marked if FINDING_NODE in m[2]]
    assert "sev-info" in css
    assert "ML202 output-layout-op [info]" in title and FINDING_MESSAGE in title
    [(warning_css, _, warning_title)] = [m for m in marked if WARNING_NODE in m[2]]
    assert "sev-warning" in warning_css and "ML212 ane-fp32-compute [warning]" in warning_title
    # The diagnostic links to its node, and the node leads back to the diagnostic.
    assert f'<a class="loc" href="#{anchor}"' in text
    assert re.search(rf'id="{anchor}"[^>]*data-diag="m\d+-d\d+"', text)
    # The clean twin has no marked node.
    sections = text.split('<section class="model"')[1:]
    [clean] = [section for section in sections if "clean.mlpackage</span>" in section.split("</h2>")[0]]
    assert "<svg" in clean and "has-diag" not in clean


def test_legend_names_the_colours_used(page: Path) -> None:
    text = page.read_text()
    legend = re.findall(r'<span class="swatch ([a-z-]+)"></span>([^<]+)</li>', text)
    assert legend
    used = set(re.findall(r'<g class="node (?:op|input|output) ([a-z-]+)', text))
    assert used <= {css for css, _ in legend}


# --------------------------------------------------------------------------- the layout


def _graph(name: str):
    [artifact] = resolve([str(fixture_path(name))])
    return load(artifact).root.graphs[0]


def test_layers_follow_the_edges() -> None:
    graph = _graph("ml202_output_reshape.mlpackage")
    drawing = draw(graph)
    by_key = {n.key: n for n in drawing.nodes}
    assert by_key["inputs/x"].layer == 0
    assert [n.kind for n in drawing.nodes].count("op") == drawing.ops_drawn
    assert drawing.ops_hidden_const > 0 and not any(n.title == "const" for n in drawing.nodes)
    # Without a compute-unit estimate, ops are coloured by op family, and the legend says so.
    assert by_key["main/act_cast_fp16"].css == "fam-activation"
    assert {n.css for n in drawing.nodes if n.kind == "op"} <= {css for css, _ in drawing.legend}
    assert all(n.css.startswith("fam-") for n in drawing.nodes if n.kind == "op")
    for op in graph.ops:
        if op.path not in by_key:
            continue
        for name in op.input_names:
            producer = graph.producer(name)
            if producer is not None and producer.path in by_key:
                assert by_key[producer.path].layer < by_key[op.path].layer
                assert by_key[producer.path].y + by_key[producer.path].height < by_key[op.path].y
    assert by_key["outputs/flatten_out"].layer == max(n.layer for n in drawing.nodes)
    # No two nodes of a row overlap.
    rows: dict[int, list] = {}
    for node in drawing.nodes:
        rows.setdefault(node.layer, []).append(node)
    for row in rows.values():
        row.sort(key=lambda n: n.x)
        for left, right in zip(row, row[1:]):
            assert left.x + left.width <= right.x
    assert all(n.x >= 0 and n.x + n.width <= drawing.width for n in drawing.nodes)


def test_big_graphs_are_cut_and_say_so(models: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    graph = _graph("ml202_output_reshape.mlpackage")
    full = draw(graph)
    cut = draw(graph, max_ops=2)
    assert cut.ops_drawn == 2 and cut.ops_cut == full.ops_drawn - 2
    monkeypatch.setattr(html_reporter, "MAX_DRAWN_OPS", 2)
    monkeypatch.chdir(models.parent)
    linter = Linter.create()
    report = linter.lint(resolve(["models/reshape.mlpackage"]), linter.selection(), prepare=html_reporter.prepare)
    out = io.StringIO()
    html_reporter.render(report, out, ReportOptions())
    assert f"only the first 2 ops are drawn; {full.ops_drawn - 2} more are left out" in out.getvalue()


def test_ops_are_coloured_by_the_compute_unit_estimate_when_there_is_one(page: Path) -> None:
    text = page.read_text()
    assert re.search(r'<g class="node op unit-(ane|fallback|unknown)', text)
    assert "Neural Engine (estimate)" in text


# --------------------------------------------------------------------------- in a browser


def _chromium() -> str:
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    if os.environ.get("MLLINT_REQUIRE_CHROMIUM"):
        pytest.fail("chromium is required (MLLINT_REQUIRE_CHROMIUM is set) but not installed")
    pytest.skip("chromium is not installed (apt-get install chromium)")


def _browser(page: Path, profile: Path, *args: str) -> subprocess.CompletedProcess[str]:
    command = [
        _chromium(),
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        f"--user-data-dir={profile}",
        *args,
        page.resolve().as_uri(),
    ]
    return subprocess.run(command, capture_output=True, text=True, timeout=180)


@pytest.mark.slow
def test_browser_renders_the_diagnostics(page: Path, tmp_path: Path) -> None:
    done = _browser(page, tmp_path / "profile", "--dump-dom")
    assert done.returncode == 0, done.stderr[-2000:]
    dom = html.unescape(done.stdout)
    assert 'data-ready="true"' in dom, "the page's script did not run to the end"
    assert FINDING_MESSAGE in dom
    assert "ML202" in dom and "ML000" in dom
    assert "<svg" in dom and re.search(r'<g class="node op [^"]*has-diag', dom)


def _png_pixels(data: bytes) -> tuple[int, int, list[bytes]]:
    """Rows of an 8-bit, non-interlaced RGB or RGBA PNG (what chromium writes), unfiltered."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    position, idat, header = 8, b"", None
    while position < len(data):
        length, kind = struct.unpack(">I4s", data[position : position + 8])
        chunk = data[position + 8 : position + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", chunk)
        elif kind == b"IDAT":
            idat += chunk
        position += 12 + length
    assert header is not None
    width, height, depth, color, _, _, interlace = header
    assert depth == 8 and color in (2, 6) and interlace == 0, header
    channels = 3 if color == 2 else 4
    raw = zlib.decompress(idat)
    stride = width * channels
    rows, previous = [], bytearray(stride)
    for y in range(height):
        kind = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1 : (y + 1) * (stride + 1)])
        for i in range(stride):
            left = line[i - channels] if i >= channels else 0
            up = previous[i]
            corner = previous[i - channels] if i >= channels else 0
            if kind == 1:
                line[i] = (line[i] + left) & 0xFF
            elif kind == 2:
                line[i] = (line[i] + up) & 0xFF
            elif kind == 3:
                line[i] = (line[i] + ((left + up) >> 1)) & 0xFF
            elif kind == 4:
                estimate = left + up - corner
                pa, pb, pc = abs(estimate - left), abs(estimate - up), abs(estimate - corner)
                predictor = left if pa <= pb and pa <= pc else up if pb <= pc else corner
                line[i] = (line[i] + predictor) & 0xFF
        rows.append(bytes(line))
        previous = line
    return width, channels, rows


@pytest.mark.slow
def test_browser_screenshot_is_not_blank(page: Path, tmp_path: Path) -> None:
    shot = tmp_path / "report.png"
    done = _browser(page, tmp_path / "profile", f"--screenshot={shot}", "--window-size=1200,900")
    assert done.returncode == 0 and shot.is_file(), done.stderr[-2000:]
    width, channels, rows = _png_pixels(shot.read_bytes())
    assert width == 1200 and len(rows) == 900
    colours = {row[i : i + 3] for row in rows for i in range(0, len(row), channels)}
    assert len(colours) > 1
    # The page's own colours are there: the dark top bar and the warning accent of the ML212 entry.
    def near(rgb: tuple[int, int, int]) -> bool:
        return any(sum(abs(a - b) for a, b in zip(c, rgb)) <= 12 for c in colours)

    assert near((0x1B, 0x22, 0x31)), "top bar missing"
    assert near((0xC7, 0x77, 0x00)), "warning colour missing"


def test_table_of_contents_drops_the_folder_models_share() -> None:
    assert html_reporter.common_folder(["a/b/x.mlmodel", "a/b/c/y.mlpackage"]) == "a/b"
    assert html_reporter.common_folder(["x.mlmodel", "a/y.mlmodel"]) == ""
    assert html_reporter.common_folder(["/abs/x.mlmodel", "rel/y.mlmodel"]) == ""
    assert html_reporter.common_folder([]) == ""


# --------------------------------------------------------------------------- what the page is drawn from


def test_page_is_drawn_from_what_the_lint_kept_not_from_the_files(models: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The model is read once: removing it after linting leaves its page whole, colours included."""
    monkeypatch.chdir(models.parent)
    linter = Linter.create()
    report = linter.lint(resolve(["models/reshape.mlpackage"]), linter.selection(), prepare=html_reporter.prepare)
    shutil.rmtree(models / "reshape.mlpackage")
    report.models = pickle.loads(pickle.dumps(report.models))  # as they come back from forked jobs (--jobs)
    out = io.StringIO()
    html_reporter.render(report, out, ReportOptions())
    text = out.getvalue()
    assert '<g class="node' in text and "not kept" not in text
    assert re.search(r'<g class="node op unit-(ane|fallback|unknown)', text)
    assert re.search(r'<g class="node op [^"]*has-diag sev-info', text)


def test_without_prepare_the_page_says_the_graph_was_not_kept(models: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(models.parent)
    linter = Linter.create()
    report = linter.lint(resolve(["models/reshape.mlpackage"]), linter.selection())
    out = io.StringIO()
    html_reporter.render(report, out, ReportOptions())
    [section] = out.getvalue().split('<section class="model"')[1:]
    assert "The model&#39;s interface and graph were not kept for this report." in section
    assert '<g class="node' not in section


def test_sketches_come_back_from_forked_jobs(models: Path) -> None:
    done = run_mllint("--format", "html", "--jobs", "2", "--output", "report.html", "models", cwd=models.parent)
    assert done.returncode == 1, done.stderr
    text = (models.parent / "report.html").read_text()
    sections = text.split('<section class="model"')[1:]
    drawn = [s for s in sections if '<g class="node' in s]
    assert len(drawn) == 3  # reshape, clean and fp32; broken.mlmodel has no graph


def test_the_reporter_imports_no_plugin() -> None:
    import subprocess
    import sys

    probe = "import sys, mllint.reporters.html; print('mllint_rules' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=False).stdout.strip() == "False"

# --------------------------------------------------------------------------- issue 13: errors first, pipeline steps, one fix


def _nms_page(tmp_path: Path) -> str:
    out = tmp_path / "nms.html"
    done = run_mllint("--format", "html", "-o", str(out), "--exit-zero", str(fixture_path("ml101_yolo_nms_fp16.mlpackage")))
    assert done.returncode == 0, done.stderr
    return out.read_text()


def test_errors_are_listed_first(tmp_path: Path) -> None:
    text = _nms_page(tmp_path)
    severities = re.findall(r'data-severity="(\w+)"', text)
    assert severities[0] == "error"
    assert severities == sorted(severities, key=["error", "warning", "info"].index)


def test_every_pipeline_step_is_drawn_nms_included(tmp_path: Path) -> None:
    text = html.unescape(_nms_page(tmp_path))
    steps = re.findall(r'<li class="step depth-1[^"]*">\s*<span class="code">(models\[\d\])</span> <strong>(\w+)</strong>', text)
    assert steps == [("models[0]", "mlProgram"), ("models[1]", "nonMaximumSuppression")]
    assert "raw_confidence, raw_coordinates → confidence, coordinates" in text


def test_one_fix_per_finding(tmp_path: Path) -> None:
    text = html.unescape(_nms_page(tmp_path))
    for item in re.findall(r'<li class="diag .*?</li>', text, re.S):
        assert item.count("<strong>Fix:</strong>") == 1, item
        assert "How to fix." not in item  # the rule's general fix is in the rule's section only
    assert "<pre><code>import coremltools as ct\n" in text  # the snippet stays copy-pasteable
