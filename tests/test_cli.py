"""The CLI run for real (typer's CliRunner): output and exit status."""

import json

from typer.testing import CliRunner

from unkg.cli import app

runner = CliRunner()


def test_every_command_has_help_with_an_example():
    for cmd in (["build"], ["query"], ["evaluate"], ["view"], ["export", "facts"], ["export", "rdf"], ["export", "graphml"]):
        result = runner.invoke(app, cmd + ["--help"])
        assert result.exit_code == 0, cmd
        assert "Example:" in result.output, cmd


def test_build_reports_bad_files_and_builds_the_rest(workdir, tmp_path):
    (workdir / "empty.txt").write_text("")
    out = tmp_path / "g"
    result = runner.invoke(app, ["build", str(workdir), str(tmp_path / "missing.txt"), "--out", str(out), "--no-view"])
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("unkg: error:")]
    assert len(errors) == 2
    assert any("empty.txt" in e and "empty" in e for e in errors)
    assert any("missing.txt" in e for e in errors)
    assert "Traceback" not in result.output
    facts = runner.invoke(app, ["export", "facts", "--graph", str(out)])
    docs = [json.loads(line)["doc"] for line in facts.stdout.splitlines()]
    assert docs == ["000_ed5db1d5ad99901b.txt", "003_1fb2cdfbb095d01d.txt"]


def test_an_empty_folder_is_an_error(tmp_path):
    (tmp_path / "e").mkdir()
    result = runner.invoke(app, ["build", str(tmp_path / "e"), "--out", str(tmp_path / "g")])
    assert result.exit_code == 1 and "holds no" in result.stderr


def test_query_without_a_graph_says_what_to_do(tmp_path):
    result = runner.invoke(app, ["query", "documents", "--graph", str(tmp_path)])
    assert result.exit_code == 1 and "unkg build" in result.stderr


def test_query_formats_and_params(seeds_graph):
    r = runner.invoke(app, ["query", "state_documents", "--graph", str(seeds_graph), "--param", "state=PER", "--format", "csv"])
    assert r.exit_code == 0, r.stderr
    lines = r.stdout.splitlines()
    assert lines[0] == "state,file,date,kind,role"
    assert any(",000_ed5db1d5ad99901b.txt," in line and line.endswith(",sender") for line in lines)
    r = runner.invoke(app, ["query", "documents", "--graph", str(seeds_graph), "--format", "json"])
    assert json.loads(r.stdout)["head"]["vars"][0] == "file"


def test_query_from_stdin_and_list(seeds_graph):
    r = runner.invoke(app, ["query", "-", "--graph", str(seeds_graph), "--format", "tsv"],
                      input="SELECT (COUNT(*) AS ?n) WHERE { ?d a unkg:SourceDocument }")
    assert r.exit_code == 0 and r.stdout.splitlines()[1] == "58"
    r = runner.invoke(app, ["query", "--list"])
    assert "documents" in r.stdout and "params: entity" in r.stdout


def test_malformed_query_is_one_line(seeds_graph):
    r = runner.invoke(app, ["query", "-", "--graph", str(seeds_graph)], input="SELECT * WHERE { ?s ?p }")
    assert r.exit_code == 1
    assert r.stderr.count("\n") == 1 and "1:" in r.stderr


def test_export_rdf_and_graphml(seeds_graph):
    r = runner.invoke(app, ["export", "rdf", "--format", "nquads", "--graph", str(seeds_graph)])
    assert r.exit_code == 0 and "<https://w3id.org/unkg/graph/" in r.stdout
    r = runner.invoke(app, ["export", "graphml", "--graph", str(seeds_graph)])
    assert r.exit_code == 0 and "<graphml" in r.stdout


def test_query_process_does_not_load_spacy_or_rdflib_sparql(seeds_graph):
    # What a user waits for at the prompt: `unkg query` must not pay for spaCy or rdflib's
    # SPARQL grammar when Oxigraph answers.
    import subprocess
    import sys

    code = ("import sys; from unkg.cli import app\n"
            "try:\n    app(['query', 'documents', '--graph', sys.argv[1], '--format', 'csv'])\n"
            "except SystemExit:\n    pass\n"
            "print('LOADED', sorted(m for m in ('spacy', 'rdflib.plugins.sparql', 'numpy') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code, str(seeds_graph)], capture_output=True, text=True, check=True)
    assert "000_ed5db1d5ad99901b.txt" in out.stdout
    assert out.stdout.strip().splitlines()[-1] == "LOADED []"
