"""The package as a user installs it: a wheel that carries its data and its library of named
queries, and answers outside the repository, where no queries/ folder is near."""

import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

from .conftest import ROOT


def test_the_wheel_carries_the_queries_and_answers_outside_the_repository(seeds_graph, tmp_path):
    dist = tmp_path / "dist"
    subprocess.run([sys.executable, "-m", "pip", "wheel", str(ROOT), "--no-deps", "--no-build-isolation", "-q",
                    "-w", str(dist)], check=True, capture_output=True)
    wheel = next(dist.glob("unkg-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    assert {"unkg/queries/documents.rq", "unkg/queries/council_members.rq", "unkg/data/acts.tsv",
            "unkg/data/entity_types.tsv", "unkg/templates/network.html"} <= names

    # a fresh environment with the wheel installed; its dependencies are this environment's
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    site = Path(subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                               capture_output=True, text=True, check=True).stdout.strip())
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(site), str(wheel)],
                   check=True, capture_output=True)
    (site / "dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "queries").mkdir()  # a folder of that name here must not replace the library
    (elsewhere / "queries" / "documents.rq").write_text('SELECT ("mine" AS ?whose) WHERE { }', encoding="utf-8")

    def unkg(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([str(python), "-c", "from unkg.cli import main; main()", *args], cwd=elsewhere,
                              capture_output=True, text=True)

    where = subprocess.run([str(python), "-c", "import unkg; print(unkg.__file__)"], cwd=elsewhere,
                           capture_output=True, text=True, check=True).stdout
    assert where.startswith(str(site))
    listed = unkg("query", "--list")
    assert listed.returncode == 0 and "council_members" in listed.stdout and "documents" in listed.stdout
    rows = unkg("query", "documents", "--graph", str(seeds_graph), "--format", "tsv")
    assert rows.returncode == 0, rows.stderr
    lines = rows.stdout.splitlines()
    assert lines[0].startswith("file\t") and len({line.split("\t")[0] for line in lines[1:]}) == 58
    # a folder of one's own, named
    own = unkg("query", "documents", "--queries", str(elsewhere / "queries"), "--graph", str(seeds_graph), "--format", "tsv")
    assert own.stdout.splitlines() == ["whose", "mine"]
