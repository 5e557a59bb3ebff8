from conftest import codes, fixture_path

from test_ml301_feature_newer_than_target import lint_for as lint_ml301

from mllint.api import Linter
from mllint.diagnostics import Diagnostic
from mllint.discovery import resolve
from mllint.knowledge.spec_versions import parse_target
from mllint.rule import RunContext


def lint_for(name: str, target: str | None) -> list[Diagnostic]:
    linter = Linter.create()
    context = RunContext(target=parse_target(target) if target else None)
    return linter.lint(resolve([str(fixture_path(name))]), linter.selection(["ML302"]), context).diagnostics


def test_fires_when_declared_version_is_newer_than_target() -> None:
    found = lint_for("ml302_declared_ios14.mlmodel", "iOS12")
    assert codes(found) == ["ML302"]
    assert found[0].location == ""
    assert found[0].message == (
        "the model declares spec version 5 (iOS14/macOS11); Core ML on the target iOS12/macOS10.14 reads spec"
        " versions up to 3; what it uses needs only spec 1, so it can be saved at the target's version"
    )
    # nothing it uses is too new: ML301 stays quiet
    assert lint_ml301(fixture_path("ml302_declared_ios14.mlmodel"), "iOS12") == []


def test_model_saved_at_the_target_version_is_clean() -> None:
    assert lint_for("ml302_declared_ios14_clean.mlmodel", "iOS12") == []


def test_program_that_needs_its_version_says_nothing_about_saving_lower() -> None:
    [found] = lint_for("ml301_attention_ios18.mlpackage", "iOS17")
    assert found.message == (
        "the model declares spec version 9 (iOS18/macOS15); Core ML on the target iOS17/macOS14 reads spec"
        " versions up to 8"
    )


def test_does_nothing_without_a_target() -> None:
    assert lint_for("ml302_declared_ios14.mlmodel", None) == []
