"""The README documents every command and every setting the code reads (checked, as datasette does)."""

from __future__ import annotations

import re
from pathlib import Path

import click

from girok.cli.main import _command

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _commands(group: click.Group, prefix: str = "") -> list[str]:
    names = []
    for name, command in group.commands.items():
        if isinstance(command, click.Group) and name != "add":
            names.extend(_commands(command, f"{prefix}{name} "))
        else:
            names.append(f"{prefix}{name}")
    return names


def test_every_command_is_in_the_readme() -> None:
    missing = [name for name in _commands(_command()) if f"`girok {name}" not in README]
    assert missing == []


def test_every_setting_is_in_the_readme() -> None:
    sources = [*ROOT.joinpath("src").rglob("*.py"), *ROOT.joinpath("tests").rglob("*.py"), *ROOT.glob("scripts/*")]
    settings = set()
    for path in sources:
        settings.update(re.findall(r"\b(GIROK_[A-Z_]+)\b", path.read_text(encoding="utf-8")))
    assert settings, "no settings found: the scan is broken"
    missing = sorted(name for name in settings if f"`{name}`" not in README)
    assert missing == []


def test_readme_gives_the_two_commands() -> None:
    assert "scripts/start --demo" in README and "\nscripts/test\n" in README
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "bash scripts/test" in ci
