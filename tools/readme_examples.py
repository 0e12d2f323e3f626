"""Rewrite the outputs README.md shows under each `$ .venv/bin/unkg ...` example, by running
them on a built graph of seeds/ (default graph/, what `make demo` builds). tests/test_docs.py
checks that the README shows what these commands answer.

    .venv/bin/python tools/readme_examples.py [--graph DIR]
"""

from __future__ import annotations

import argparse
import shlex
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
UNKG = str(Path(sys.executable).with_name("unkg"))


def run(command: str, graph: Path) -> list[str]:
    head, *pipes = command.split(" | ")
    args = shlex.split(head.replace(".venv/bin/unkg", UNKG, 1))
    if "--graph" not in args:
        args += ["--graph", str(graph)]
    line = " | ".join([shlex.join(args), *pipes])
    out = subprocess.run(["bash", "-c", line], capture_output=True, text=True, cwd=ROOT)
    if out.returncode not in (0, 141):
        raise SystemExit(f"{command}: {out.stderr.strip()}")
    return out.stdout.splitlines()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--graph", type=Path, default=ROOT / "graph")
    graph = ap.parse_args().graph
    readme = ROOT / "README.md"
    lines = readme.read_text(encoding="utf-8").splitlines()
    out, i = [], 0
    while i < len(lines):
        line = lines[i]
        out.append(line)
        i += 1
        if line.startswith("$ .venv/bin/unkg "):
            while i < len(lines) and not lines[i].startswith(("$ ", "```")):
                i += 1  # the old output
            out += run(line[2:], graph)
    readme.write_text("\n".join(out) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
