"""The documentation cannot drift: every `unkg` command in README.md runs, the examples that
show their output show what the seeds graph answers today, and every command's --help has an
example that runs.

README examples are written as the `make demo` user types them (`.venv/bin/unkg ...`, the graph
in graph/); here they run with the unkg beside this interpreter, on the session's seeds graph.
To refresh the shown outputs after a change: `python tools/readme_examples.py`.
"""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

import unkg

from .conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
UNKG = str(Path(sys.executable).with_name("unkg"))
# Commands that need a SPARQL server or run until stopped: tests/test_endpoint.py and
# tests/test_virtuoso.py run them against real servers.
SERVER = re.compile(r"\bunkg (?:serve|push)\b|--endpoint|\boxigraph serve")


def _blocks() -> list[list[str]]:
    # a fence opens with its language ("```python") or none, at the start of a line
    return [b.splitlines() for b in re.findall(r"^```[a-z]*\n(.*?)^```", README, re.S | re.M)]


def examples() -> list[tuple[str, list[str]]]:
    """(command, the output lines the README shows) of each `$ .venv/bin/unkg ...` example."""
    out = []
    for lines in _blocks():
        for i, line in enumerate(lines):
            if line.startswith("$ .venv/bin/unkg "):
                shown = []
                for nxt in lines[i + 1:]:
                    if nxt.startswith("$ "):
                        break
                    shown.append(nxt)
                out.append((line[2:], shown))
    return out


def commands() -> list[str]:
    """Every other `.venv/bin/unkg ...` command line of the README's code blocks."""
    out = []
    for lines in _blocks():
        for line in lines:
            if line.startswith(".venv/bin/unkg ") or line.startswith("UNKG_") and ".venv/bin/unkg " in line:
                out.append(line.split("  #")[0].strip())
    return out


def _shell(command: str, graph: Path, cwd: Path) -> subprocess.CompletedProcess:
    head, *pipes = command.split(" | ")
    args = shlex.split(head.replace(".venv/bin/unkg", UNKG, 1))
    if args[1] in ("query", "view", "validate", "export") and "--graph" not in args and "-g" not in args:
        args += ["--graph", str(graph)]
    line = " | ".join([shlex.join(args), *pipes])
    return subprocess.run(["bash", "-o", "pipefail", "-c", line], capture_output=True, text=True, cwd=cwd)


@pytest.mark.parametrize("command,shown", examples(), ids=lambda v: v if isinstance(v, str) else "")
def test_every_readme_example_shows_what_unkg_answers(seeds_graph, tmp_path, command, shown):
    result = _shell(command, seeds_graph, tmp_path)
    assert result.returncode in (0, 141), result.stderr  # 141: the pipe closed by head
    assert result.stdout.splitlines() == shown, f"README.md shows other rows for: {command}"


@pytest.mark.parametrize("command", commands())
def test_every_readme_command_runs(seeds_graph, tmp_path, command):
    if SERVER.search(command):
        pytest.skip("needs a SPARQL server: run against real servers by tests/test_endpoint.py and test_virtuoso.py")
    if " build" in command:
        command = command + f" --out {tmp_path / 'g'}"
    result = _shell(command, seeds_graph, tmp_path)
    assert result.returncode == 0, result.stderr


def _help_examples() -> list[tuple[str, str]]:
    from typer.main import get_command

    from unkg.cli import app

    out = []
    root = get_command(app)
    for name, cmd in sorted(root.commands.items()):
        subs = sorted(cmd.commands.items()) if hasattr(cmd, "commands") else [("", cmd)]
        for sub, c in subs:
            m = re.search(r"Example: (.+)", c.help or "")
            out.append((f"{name} {sub}".strip(), m.group(1).strip() if m else ""))
    return out


@pytest.mark.parametrize("command,example", _help_examples(), ids=lambda v: v)
def test_every_command_has_an_example_that_runs(seeds_graph, workdir, tmp_path, command, example):
    assert example.startswith("unkg "), f"`unkg {command} --help` has no example"
    first = re.split(r" && |; |, then | > ", example)[0]
    if SERVER.search(first):
        pytest.skip("needs a SPARQL server (tests/test_endpoint.py runs push, query --endpoint and serve)")
    args = [a for a in shlex.split(first)[1:] if a != "--open"]  # no browser here
    if args[0] == "evaluate":
        pytest.skip("the same evaluation runs in tests/test_evaluate.py (test_dev_gold_figures_stay_above_the_floor)")
    # build and validate run on the two seed letters of `workdir`: the whole seeds/ is built and validated once a
    # session already (seeds_graph, tests/test_shapes.py), and each took a minute here again
    graph = seeds_graph
    if args[0] == "validate":
        assert unkg.build([workdir], tmp_path / "small").ok
        graph = tmp_path / "small"
    if args[0] == "build":
        if "--out" in args:
            del args[args.index("--out"):args.index("--out") + 2]
        args = [a if a != "seeds" else str(workdir) for a in args] + ["--out", str(tmp_path / "g"), "--no-view"]
    else:
        args = [a if a != "graph" else str(graph) for a in args]
        if "--graph" not in args:
            args += ["--graph", str(graph)]
    result = subprocess.run([UNKG, *args], capture_output=True, text=True, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
