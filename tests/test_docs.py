"""Docs are a contract: every command has help with an example, and the README's CLI reference is current."""
import subprocess
import sys

import pytest
from click.testing import CliRunner

from analyzer.cli.commands import cli

sys.path.insert(0, str(__import__("pathlib").Path(__file__).resolve().parent.parent / "tools"))
import cli_reference  # noqa: E402

COMMANDS = [path for path, _ in cli_reference.command_paths()]


@pytest.mark.parametrize("path", COMMANDS, ids=[" ".join(p) for p in COMMANDS])
def test_every_command_has_help_and_is_in_readme(path):
    out = CliRunner().invoke(cli, [*path, "--help"], prog_name="shengao", terminal_width=100).output
    cmd = cli
    for name in path:
        cmd = cmd.commands[name]
    assert cmd.help and cmd.help.strip(), f"shengao {' '.join(path)} has no help"
    if not hasattr(cmd, "commands"):
        assert "Example:" in cmd.help, f"shengao {' '.join(path)} help has no Example:"
    readme = (cli_reference.ROOT / "README.md").read_text("utf-8")
    assert f"### `shengao {' '.join(path)}`" in readme, "README CLI reference misses this command"
    assert out.strip() in readme, "README CLI reference is stale: run python tools/cli_reference.py"


def test_design_commands_exist():
    names = {" ".join(p) for p in COMMANDS}
    assert {"check", "extract", "reuse", "lexicon validate", "lexicon list", "suggest", "app"} <= names


def test_python_dash_m_is_the_same_cli():
    out = subprocess.run([sys.executable, "-m", "analyzer", "--version"], capture_output=True, text=True)
    assert out.returncode == 0 and out.stdout.strip() == "shengao, version 0.1.0"


def test_rule_counts_in_docs_are_the_lexicons():
    """docs/formulations.md states how many rules of each severity and type ship: read them back and compare."""
    import re
    from collections import Counter
    from analyzer.lexicon import default_lexicon
    lex = default_lexicon()
    rules = list(lex.kind("rules").values())
    text = (cli_reference.ROOT / "docs" / "formulations.md").read_text("utf-8")
    stated = dict(re.findall(r"(error|warning|info) (\d+) 条", text))
    assert {k: int(v) for k, v in stated.items()} == dict(Counter(r.severity for r in rules))
    types = {k: int(v) for k, v in re.findall(r"`(sequence|near-miss|outdated|pair|collocation)` (\d+) 条", text)}
    assert types == dict(Counter(r.type for r in rules))
    assert f"共 {len(rules)} 条" in text
    verified = sum(1 for r in rules if r.type == "sequence" and r.spec.verified)
    assert f"其中 {verified} 条 `verified: true`" in text
    assert f"{len(lex.kind('titles'))} 个文件名称、{len(lex.kind('confusables'))} 组形近字" in text
