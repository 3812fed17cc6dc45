"""The build graph: stale steps, dry runs, incremental rebuilds, failures, parallel notebooks."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import nbformat
import pytest

from promis_analytics import paths, pipeline
from promis_analytics.export import atomic_write
from promis_analytics.pipeline import Step, notebook_dependencies, run_steps
from promis_analytics.pipeline.runner import clean_notebook, execute_notebook


def _copy_step(name: str, src: Path, dst: Path, calls: list[str], **kw) -> Step:
    """A fake step: copies ``src`` to ``dst`` (upper-cased) and records that it ran."""

    def action(ctx):
        calls.append(name)
        text = src.read_text(encoding="utf-8").upper()
        atomic_write(dst, lambda tmp: tmp.write_text(text, encoding="utf-8"))

    return Step(name, action, inputs=[src], outputs=[dst], **kw)


@pytest.fixture
def tree(tmp_path: Path) -> dict[str, Path]:
    (tmp_path / "raw").mkdir()
    (tmp_path / "raw" / "events.csv").write_text("Вінниця,12\n", encoding="utf-8")
    (tmp_path / "raw" / "facts.csv").write_text("Полтава,3\n", encoding="utf-8")
    return {
        "root": tmp_path,
        "events": tmp_path / "raw" / "events.csv",
        "facts": tmp_path / "raw" / "facts.csv",
        "out_e": tmp_path / "out" / "events.txt",
        "out_f": tmp_path / "out" / "facts.txt",
        "joined": tmp_path / "out" / "joined.txt",
    }


def _graph(t: dict[str, Path], calls: list[str], *, param: str = "uk") -> list[Step]:
    def join(ctx):
        calls.append("joined")
        text = t["out_e"].read_text(encoding="utf-8") + t["out_f"].read_text(encoding="utf-8")
        atomic_write(t["joined"], lambda tmp: tmp.write_text(text, encoding="utf-8"))

    return [
        _copy_step("events", t["events"], t["out_e"], calls),
        _copy_step("facts", t["facts"], t["out_f"], calls, params={"lang": param}),
        Step(
            "joined",
            join,
            inputs=lambda: [t["out_e"], t["out_f"]],
            outputs=[t["joined"]],
            after=("events", "facts"),
        ),
    ]


def _statuses(result) -> dict[str, str]:
    return {o.name: o.status for o in result.outcomes}


def test_first_build_runs_everything_then_nothing(tree):
    calls: list[str] = []
    first = run_steps(_graph(tree, calls), root=tree["root"])
    assert calls == ["events", "facts", "joined"]
    assert all(o.reasons == ["never built"] for o in first.outcomes)
    assert tree["joined"].read_text(encoding="utf-8") == "ВІННИЦЯ,12\nПОЛТАВА,3\n"
    calls.clear()
    second = run_steps(_graph(tree, calls), root=tree["root"])
    assert calls == []
    assert second.nothing_to_do and second.ok
    state = json.loads((tree["root"] / ".promis-cache" / "build-state.json").read_text())
    assert set(state["steps"]) == {"events", "facts", "joined"}
    assert state["steps"]["events"]["files"] == {
        "raw/events.csv": pipeline.file_digest(tree["events"])
    }


def test_touching_one_input_reruns_only_its_dependants(tree):
    calls: list[str] = []
    run_steps(_graph(tree, calls), root=tree["root"])
    calls.clear()
    tree["events"].write_text("Жмеринка,40\n", encoding="utf-8")
    result = run_steps(_graph(tree, calls), root=tree["root"])
    assert calls == ["events", "joined"]
    assert _statuses(result) == {"events": "rebuilt", "facts": "skipped", "joined": "rebuilt"}
    assert result.outcomes[0].reasons == ["input changed: raw/events.csv"]
    assert result.outcomes[2].reasons == ["input changed: out/events.txt"]


def test_same_content_rewritten_is_not_a_change(tree):
    calls: list[str] = []
    run_steps(_graph(tree, calls), root=tree["root"])
    calls.clear()
    tree["facts"].write_text("Полтава,3\n", encoding="utf-8")  # new mtime, same bytes
    assert run_steps(_graph(tree, calls), root=tree["root"]).nothing_to_do
    assert calls == []


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ("param", ["parameter changed: lang"]),
        ("delete_output", ["output missing: out/facts.txt"]),
        ("edit_output", ["output changed: out/facts.txt"]),
        ("force", ["--force"]),
    ],
)
def test_stale_reasons(tree, change, expected):
    calls: list[str] = []
    run_steps(_graph(tree, calls), root=tree["root"])
    param = "en" if change == "param" else "uk"
    if change == "delete_output":
        tree["out_f"].unlink()
    if change == "edit_output":
        tree["out_f"].write_text("Полтава змінена\n", encoding="utf-8")
    result = run_steps(
        _graph(tree, [], param=param), root=tree["root"], dry_run=True, force=change == "force"
    )
    facts = next(o for o in result.outcomes if o.name == "facts")
    assert facts.status == "stale"
    assert facts.reasons == expected


def test_dry_run_runs_nothing_and_explains(tree):
    calls: list[str] = []
    run_steps(_graph(tree, calls), root=tree["root"])
    calls.clear()
    tree["events"].write_text("Хмільник,5\n", encoding="utf-8")
    state_before = (tree["root"] / ".promis-cache" / "build-state.json").read_bytes()
    result = run_steps(_graph(tree, calls), root=tree["root"], dry_run=True)
    assert calls == []
    assert _statuses(result) == {"events": "stale", "facts": "skipped", "joined": "stale"}
    assert result.outcomes[2].reasons == ["runs after stale: events"]
    assert (tree["root"] / ".promis-cache" / "build-state.json").read_bytes() == state_before


def test_code_of_a_module_is_an_input(tree, monkeypatch):
    calls: list[str] = []
    steps = [
        _copy_step("events", tree["events"], tree["out_e"], calls, code=["promis_analytics.fx"])
    ]
    run_steps(steps, root=tree["root"])
    state = json.loads((tree["root"] / ".promis-cache" / "build-state.json").read_text())
    code = state["steps"]["events"]["code"]
    # fx itself and what it imports from the package (followed transitively)
    assert {"promis_analytics.fx", "promis_analytics.paths", "promis_analytics.errors"} <= set(code)
    from promis_analytics.pipeline import engine

    monkeypatch.setattr(engine, "input_record", _patched_record(engine.input_record))
    result = run_steps(steps, root=tree["root"], dry_run=True)
    assert result.outcomes[0].reasons == ["code changed: promis_analytics.fx"]


def _patched_record(original):
    """Pretend that the source of promis_analytics.fx changed."""

    def record(step, state):
        rec = original(step, state)
        rec["code"]["promis_analytics.fx"] = "0" * 64
        rec["hash"] = "changed"
        return rec

    return record


def test_failed_step_keeps_old_output_and_blocks_dependants(tree):
    calls: list[str] = []
    run_steps(_graph(tree, calls), root=tree["root"])
    before = tree["out_e"].read_text(encoding="utf-8")
    tree["events"].write_text("Ладижин,7\n", encoding="utf-8")

    def broken(ctx):
        def half(tmp: Path) -> None:
            tmp.write_text("ЛАДИ", encoding="utf-8")
            raise RuntimeError("disk full")

        atomic_write(tree["out_e"], half)

    steps = _graph(tree, calls)
    steps[0] = Step("events", broken, inputs=[tree["events"]], outputs=[tree["out_e"]])
    result = run_steps(steps, root=tree["root"])
    assert _statuses(result) == {"events": "failed", "facts": "skipped", "joined": "blocked"}
    assert result.outcomes[0].error == "RuntimeError: disk full"
    assert not result.ok
    assert tree["out_e"].read_text(encoding="utf-8") == before
    assert sorted(p.name for p in tree["out_e"].parent.iterdir()) == [
        "events.txt",
        "facts.txt",
        "joined.txt",
    ]
    # the failed step is stale again next time
    again = run_steps(_graph(tree, []), root=tree["root"], dry_run=True)
    assert again.outcomes[0].reasons == ["never built"]


def test_stop_on_failure_raises_after_saving_state(tree):
    def bad(ctx):
        raise ValueError("events.csv row 2: participants 'багато' is not a number")

    steps = [
        _copy_step("facts", tree["facts"], tree["out_f"], []),
        Step("validate", bad, inputs=[tree["events"]], stop_on_failure=True),
        _copy_step("events", tree["events"], tree["out_e"], [], after=("validate",)),
    ]
    with pytest.raises(ValueError, match="багато"):
        run_steps(steps, root=tree["root"])
    assert not tree["out_e"].exists()
    state = json.loads((tree["root"] / ".promis-cache" / "build-state.json").read_text())
    assert list(state["steps"]) == ["facts"]


def test_step_that_does_not_write_its_output_fails(tree):
    result = run_steps(
        [Step("x", lambda ctx: None, inputs=[tree["events"]], outputs=[tree["out_e"]])],
        root=tree["root"],
    )
    assert result.outcomes[0].status == "failed"
    assert "outputs not written: out/events.txt" in result.outcomes[0].error


def test_unknown_after_is_refused(tree):
    with pytest.raises(ValueError, match="unknown steps: nowhere"):
        run_steps([Step("x", lambda ctx: None, after=("nowhere",))], root=tree["root"])


# --- notebook dependencies ---------------------------------------------------------------


def _notebook(path: Path, *sources: str, metadata: dict | None = None) -> Path:
    nb = nbformat.v4.new_notebook()
    params = nbformat.v4.new_code_cell('data_dir = "../data/raw"\nlang = "uk"')
    params.metadata["tags"] = ["parameters"]
    nb.cells = [params, *(nbformat.v4.new_code_cell(s) for s in sources)]
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    if metadata:
        nb.metadata.update(metadata)
    nbformat.write(nb, path)
    return path


@pytest.mark.parametrize(
    ("code", "registers", "how"),
    [
        ('t = participants_per_city(ds["events"])', ("events",), "ds[...] accesses"),
        ("a = ds['adoptions']\nb = ds[\"facts\"]", ("adoptions", "facts"), "ds[...] accesses"),
        ("print(ds.inventory())", None, "whole dataset"),
        ('checks = brochure_checks(ds)\nx = ds["facts"]', None, "whole dataset"),
        ('x = ds["no_such_register"]', None, "whole dataset"),
    ],
)
def test_notebook_dependencies(tmp_path, code, registers, how):
    from promis_analytics.registers import KINDS

    nb = _notebook(
        tmp_path / "01_x.ipynb",
        "%matplotlib inline\n\nfrom promis_analytics.charts import (\n    save_figure,\n)\n"
        "from promis_analytics.dataset import load_dataset",
        "ds = load_dataset(data_dir)",
        code,
    )
    deps = notebook_dependencies(nb)
    assert deps.registers == (registers or tuple(KINDS))
    assert deps.how == how
    assert {"promis_analytics.dataset", "promis_analytics.charts"} <= set(deps.modules)


def test_notebook_dependencies_from_metadata(tmp_path):
    nb = _notebook(
        tmp_path / "02_x.ipynb",
        "print(ds.inventory())",
        metadata={"promis": {"registers": ["index_scores"]}},
    )
    assert notebook_dependencies(nb).registers == ("index_scores",)


def test_normalise_zip_gives_identical_bytes(tmp_path):
    import openpyxl

    paths = []
    for i, when in enumerate(["2024-01-01", "2025-06-30"]):
        wb = openpyxl.Workbook()
        wb.active["A1"] = "Вінниця"
        wb.properties.created = __import__("datetime").datetime.fromisoformat(when)
        p = tmp_path / f"r{i}.xlsx"
        wb.save(p)
        pipeline.normalise_zip(p)
        paths.append(p)
    assert paths[0].read_bytes() == paths[1].read_bytes()
    with zipfile.ZipFile(paths[0]) as z:
        assert all(i.date_time == pipeline.FIXED_ZIP_TIME for i in z.infolist())
    assert openpyxl.load_workbook(paths[0]).active["A1"].value == "Вінниця"


# --- notebooks: clean and parallel execution ------------------------------------------------


def test_clean_notebook_strips_run_metadata(tmp_path):
    nb_path = _notebook(tmp_path / "03_x.ipynb", "print(1)")
    nb = nbformat.read(nb_path, as_version=4)
    nb.metadata["papermill"] = {"duration": 1.5}
    nb.metadata["execution"] = {"iopub.status.busy": "2026-01-01T00:00:00Z"}
    nb.cells[1].metadata["execution"] = {"shell.execute_reply": "2026-01-01T00:00:01Z"}
    nb.cells[1].metadata["papermill"] = {"status": "completed"}
    nb.cells[1].outputs = [nbformat.v4.new_output("stream", text="1\n")]
    nbformat.write(nb, nb_path)
    assert clean_notebook(nb_path) is True
    cleaned = nbformat.read(nb_path, as_version=4)
    assert "papermill" not in cleaned.metadata and "execution" not in cleaned.metadata
    assert cleaned.cells[1].metadata == {}
    assert cleaned.cells[0].metadata["tags"] == ["parameters"]
    assert cleaned.cells[1].outputs[0]["text"] == "1\n"
    assert clean_notebook(nb_path) is False


@pytest.mark.slow
def test_two_notebooks_run_at_the_same_time(tmp_path):
    """Each notebook writes its marker and waits for the other's: only a parallel run passes."""
    wait_for = (
        "import pathlib, time\n"
        "here = pathlib.Path(me + '.started'); here.write_text(lang)\n"
        "for _ in range(1200):\n"
        "    if pathlib.Path(other + '.started').exists():\n"
        "        break\n"
        "    time.sleep(0.05)\n"
        "else:\n"
        "    raise RuntimeError('ran alone')\n"
        "pathlib.Path(me + '.done').write_text(lang)"
    )
    steps = []
    for me, other in (("a", "b"), ("b", "a")):
        src = _notebook(tmp_path / f"0{me}.ipynb", f"me = {str(tmp_path / me)!r}", wait_for)
        src_nb = nbformat.read(src, as_version=4)
        src_nb.cells.insert(2, nbformat.v4.new_code_cell(f"other = {str(tmp_path / other)!r}"))
        nbformat.write(src_nb, src)
        out = tmp_path / "build" / f"0{me}.en.ipynb"

        def run(ctx, src=src, out=out):
            execute_notebook(src, parameters={"lang": "en"}, out=out, cwd=tmp_path)

        steps.append(Step(f"nb:{me}", run, inputs=[src], outputs=[out], parallel=True))
    result = run_steps(steps, root=tmp_path, jobs=2)
    assert result.ok, [o.error for o in result.outcomes]
    assert (tmp_path / "a.done").read_text() == "en"
    assert (tmp_path / "b.done").read_text() == "en"
    executed = nbformat.read(tmp_path / "build" / "0a.en.ipynb", as_version=4)
    assert "papermill" not in executed.metadata
    assert any('lang = "en"' in c.source for c in executed.cells)
    assert nbformat.read(tmp_path / "0a.ipynb", as_version=4).cells[0].outputs == []


def test_real_plan_touching_one_register_marks_only_its_dependants(tmp_path):
    """plan_build's declared inputs: events.csv feeds notebook a, not notebook b."""
    from dataclasses import replace

    from promis_analytics.pipeline import BuildConfig, plan_build

    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "events.csv").write_text("event_id\nE1\n", encoding="utf-8")
    (raw / "facts.csv").write_text("fact_id\nF1\n", encoding="utf-8")
    nbs = tmp_path / "notebooks"
    nbs.mkdir()
    _notebook(nbs / "01_a.ipynb", "ds = load_dataset(data_dir)", 'x = ds["events"]')
    _notebook(nbs / "02_b.ipynb", "ds = load_dataset(data_dir)", 'y = ds["facts"]')
    config = BuildConfig(data_dir=raw, out_dir=tmp_path / "site", notebooks_dir=nbs)
    steps, warnings = plan_build(config)
    assert "register adoptions: no file" in " ".join(warnings)

    def fake(step):
        def action(ctx):
            for p in step.outputs:
                atomic_write(p, lambda tmp: tmp.write_text(step.name, encoding="utf-8"))

        return replace(step, action=action)

    fakes = [fake(s) for s in steps]
    first = run_steps(fakes, root=config.out_dir, state_path=config.state_path)
    assert first.ok and not first.by_status("skipped")
    assert [s.name for s in steps if s.parallel] == [
        "report",  # the workbook is written beside the notebooks
        "notebook:01_a.uk",
        "notebook:01_a.en",
        "notebook:02_b.uk",
        "notebook:02_b.en",
    ]
    (raw / "events.csv").write_text("event_id\nE1\nE2\n", encoding="utf-8")
    dry = run_steps(fakes, root=config.out_dir, state_path=config.state_path, dry_run=True)
    stale = {o.name for o in dry.by_status("stale")}
    assert stale == {
        "validate",
        "processed:events",
        "indicators",
        "notebook:01_a.uk",
        "notebook:01_a.en",
        "gallery",  # runs after the notebooks that will rerun
        "report",
        "results_report:uk",  # read the figures and the workbook
        "results_report:en",
        "manifest",  # runs after the gallery and the report
    }
    rerun = run_steps(fakes, root=config.out_dir, state_path=config.state_path)
    assert {o.name for o in rerun.by_status("skipped")} == {
        "processed:facts",
        "notebook:02_b.uk",
        "notebook:02_b.en",
        "gallery",  # the fake notebooks wrote identical figures: nothing new to show
        "results_report:uk",
        "results_report:en",
        "manifest",  # and the report's bytes did not change either
    }


def test_a_notebook_reading_report_documents_is_stale_when_a_report_changes(tmp_path):
    """Notebook 07's audit reads the report documents a register names: an edited report
    (a «.txt» saved again by Word) makes that notebook stale, and only that one."""
    from dataclasses import replace

    from promis_analytics.pipeline import BuildConfig, plan_build

    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "indicators.csv").write_text("indicator_id\nI1\n", encoding="utf-8")
    (raw / "events.csv").write_text("event_id\nE1\n", encoding="utf-8")
    report = raw / "zvit_bakhmut_2019.txt"
    report.write_text("Звіт про виконання програми\nПроведено 8 форумів\n", encoding="utf-8")
    nbs = tmp_path / "notebooks"
    nbs.mkdir()
    _notebook(
        nbs / "07_audit.ipynb",
        "ds = load_dataset(data_dir)",
        'docs = report_documents(ds["indicators"]["source"], [data_dir])',
    )
    _notebook(nbs / "02_b.ipynb", "ds = load_dataset(data_dir)", 'y = ds["events"]')
    config = BuildConfig(data_dir=raw, out_dir=tmp_path / "site", notebooks_dir=nbs)
    steps, _ = plan_build(config)

    def fake(step):
        def action(ctx):
            for p in step.outputs:
                atomic_write(p, lambda tmp: tmp.write_text(step.name, encoding="utf-8"))

        return replace(step, action=action)

    fakes = [fake(s) for s in steps]
    assert run_steps(fakes, root=config.out_dir, state_path=config.state_path).ok
    report.write_text("Звіт про виконання програми\nПроведено 9 форумів\n", encoding="utf-8")
    dry = run_steps(fakes, root=config.out_dir, state_path=config.state_path, dry_run=True)
    stale = {o.name for o in dry.by_status("stale")}
    assert {"notebook:07_audit.uk", "notebook:07_audit.en"} <= stale
    assert not {"notebook:02_b.uk", "notebook:02_b.en", "validate"} & stale


def test_notebook_tools_clean_command(tmp_path):
    from click.testing import CliRunner

    from promis_analytics.cli import cli

    nb_path = _notebook(tmp_path / "04_x.ipynb", "print('Запоріжжя')")
    nb = nbformat.read(nb_path, as_version=4)
    nb.metadata["papermill"] = {"parameters": {"lang": "en"}}
    nbformat.write(nb, nb_path)
    result = CliRunner().invoke(cli, ["notebook", "clean", str(nb_path), str(nb_path)])
    assert result.exit_code == 0
    assert result.output.splitlines() == [f"{nb_path}: cleaned", f"{nb_path}: already clean"]


@pytest.mark.slow
def test_notebook_tools_execute_refuses_bad_param_and_own_output(tmp_path):
    from click.testing import CliRunner

    from promis_analytics.cli import cli

    nb_path = _notebook(tmp_path / "05_x.ipynb", "print(lang)")
    bad = CliRunner().invoke(cli, ["notebook", "execute", str(nb_path), "-p", "no_equals_sign"])
    assert bad.exit_code == 2 and "expected NAME=VALUE" in bad.output
    with pytest.raises(ValueError, match="refusing to overwrite"):
        execute_notebook(nb_path, parameters={"lang": "en"}, out=nb_path, cwd=tmp_path)


def test_reporter_sees_start_and_done_of_every_step(tree):
    events: list[tuple[str, str, str]] = []

    def reporter(event, step, outcome):
        events.append((event, step.name, outcome.status if outcome else ""))

    run_steps(_graph(tree, []), root=tree["root"], reporter=reporter)
    assert events == [
        ("start", "events", "rebuilt"),
        ("done", "events", "rebuilt"),
        ("start", "facts", "rebuilt"),
        ("done", "facts", "rebuilt"),
        ("start", "joined", "rebuilt"),
        ("done", "joined", "rebuilt"),
    ]
    events.clear()
    run_steps(_graph(tree, []), root=tree["root"], reporter=reporter)
    assert events == [("done", n, "skipped") for n in ("events", "facts", "joined")]


def test_progress_line_names_running_notebooks_and_count_left():
    from rich.console import Console

    from promis_analytics.cli.build import _Progress

    steps = [
        Step("validate", lambda ctx: None),
        Step("notebook:01.uk", lambda ctx: None, parallel=True, label="01_partner_cities [uk]"),
        Step("notebook:01.en", lambda ctx: None, parallel=True, label="01_partner_cities [en]"),
    ]
    progress = _Progress(Console(file=io.StringIO(), width=120), steps)
    progress("done", steps[0], None)
    progress("start", steps[1], None)
    progress("start", steps[2], None)
    progress("done", steps[1], None)
    task = progress.progress.tasks[0]
    assert task.completed == 2 and task.total == 3
    assert task.description == "01_partner_cities [en] · notebooks left / залишилось: 1"


def test_notebook_warnings_are_collected(tmp_path):
    nb_path = _notebook(tmp_path / "06_x.ipynb", "import warnings", "x = 1")
    nb = nbformat.read(nb_path, as_version=4)
    nb.cells[1].outputs = [
        nbformat.v4.new_output("stream", name="stderr", text="UserWarning: no data for Долина\n"),
        nbformat.v4.new_output("stream", name="stdout", text="16 cities\n"),
    ]
    nb.cells[2].outputs = [
        nbformat.v4.new_output("stream", name="stderr", text="UserWarning: no data for Долина\n")
    ]
    nbformat.write(nb, nb_path)
    assert pipeline.notebook_warnings(nb_path) == ["UserWarning: no data for Долина"]


@pytest.mark.slow
def test_parallel_notebook_runs_leave_the_process_working_folder_alone(tmp_path) -> None:
    """Each kernel runs in its own folder without chdir-ing the test process (thread-safe)."""
    import os
    from concurrent.futures import ThreadPoolExecutor

    from promis_analytics.pipeline.runner import execute_notebook

    before = os.getcwd()
    jobs = []
    for name in ("a", "b"):
        folder = tmp_path / name
        folder.mkdir()
        _notebook(folder / "nb.ipynb", "import os", "where = os.getcwd()", "print(where)")
        jobs.append(folder)
    with ThreadPoolExecutor(2) as pool:
        outs = list(
            pool.map(
                lambda f: execute_notebook(
                    f / "nb.ipynb", parameters={}, out=f / "out.ipynb", cwd=f
                ),
                jobs,
            )
        )
    assert os.getcwd() == before
    for folder, out in zip(jobs, outs, strict=True):
        assert str(folder) in out.read_text(encoding="utf-8")


def test_notebook_dependencies_tell_whether_it_saves_figures(tmp_path):
    from promis_analytics.pipeline import notebook_dependencies

    saving = _notebook(tmp_path / "a.ipynb", 'save_figure(fig, "x.uk", out_dir=figures_dir)')
    table_only = _notebook(tmp_path / "b.ipynb", "print(ds.inventory().to_string())")
    assert notebook_dependencies(saving).saves_figures
    assert not notebook_dependencies(table_only).saves_figures


@pytest.mark.slow
def test_input_saved_while_a_step_reads_it_makes_the_next_build_redo_it(tree):
    """The engine hashes a step's inputs again after it ran: a save in between is not lost."""
    calls: list[str] = []

    def reading_then_saved(ctx):
        calls.append("events")
        text = tree["events"].read_text(encoding="utf-8").upper()
        atomic_write(tree["out_e"], lambda tmp: tmp.write_text(text, encoding="utf-8"))
        tree["events"].write_text("Вінниця,1200\n", encoding="utf-8")  # the user saves

    step = Step("events", reading_then_saved, inputs=[tree["events"]], outputs=[tree["out_e"]])
    first = run_steps([step], root=tree["root"])
    assert first.changed_inputs == {"raw/events.csv": ["events"]}
    assert "changed while the build ran" in " ".join(first.warnings)
    second = run_steps([step], root=tree["root"])
    assert _statuses(second) == {"events": "rebuilt"}
    assert second.outcomes[0].reasons == ["input changed: raw/events.csv"]
    assert tree["out_e"].read_text(encoding="utf-8") == "ВІННИЦЯ,1200\n"
    # the second run saved the file again (the action does): steady only once it stops
    step = Step("events", lambda ctx: None, inputs=[tree["events"]], outputs=[tree["out_e"]])
    run_steps([step], root=tree["root"])
    assert run_steps([step], root=tree["root"]).nothing_to_do


@pytest.mark.slow
def test_register_saved_after_the_dataset_was_read_is_not_built_as_up_to_date(tmp_path):
    """Issue 31: a register replaced mid-build. The steps that used the dataset read before
    the save are recorded with the bytes it was read from, so the next build redoes them and
    the processed table, the indicators and the workbook agree with the saved file."""
    from dataclasses import replace

    from bad_inputs.cases import EVENTS_EN, ev

    from promis_analytics.pipeline import BuildConfig, plan_build

    raw = tmp_path / "raw"
    raw.mkdir()
    events = raw / "events.csv"
    events.write_text(f"{EVENTS_EN}\n{ev('E1', participants='20')}\n", encoding="utf-8")
    nbs = tmp_path / "notebooks"
    nbs.mkdir()
    config = BuildConfig(data_dir=raw, out_dir=tmp_path / "site", notebooks_dir=nbs)
    steps, _ = plan_build(config)

    def saved_after(step: Step) -> Step:
        def action(ctx):
            produced = step.action(ctx)  # the dataset is read here …
            new = f"{EVENTS_EN}\n{ev('E1', participants='2000', women='1000')}\n"
            atomic_write(events, lambda tmp: tmp.write_text(new, encoding="utf-8"))
            return produced  # … and the register saved before the next step is checked

        return replace(step, action=action)

    steps = [saved_after(s) if s.name == "validate" else s for s in steps]
    kw = {"root": config.out_dir, "data_dir": raw, "state_path": config.state_path}
    first = run_steps(steps, **kw)
    assert first.ok
    changed = first.changed_inputs[events.resolve().as_posix()]
    assert {"validate", "processed:events", "indicators", "report"} <= set(changed)

    second = pipeline.build(config)
    assert not second.nothing_to_do and not second.changed_inputs
    assert "input changed" in " ".join(second.outcomes[0].reasons)
    import pandas as pd

    table = pd.read_parquet(config.processed_dir / "events.parquet")
    assert table["participants"].tolist() == [2000]
    assert pipeline.build(config).nothing_to_do


@pytest.mark.slow
def test_processed_tables_of_a_removed_register_are_removed(tmp_path):
    """No stale rows beside indicators that say 0: a register taken out of the folder takes
    its processed tables with it."""
    from bad_inputs.cases import EVENTS_EN, ev

    from promis_analytics.pipeline import BuildConfig

    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "events.csv").write_text(f"{EVENTS_EN}\n{ev('E1')}\n", encoding="utf-8")
    (tmp_path / "nbs").mkdir()
    config = BuildConfig(data_dir=raw, out_dir=tmp_path / "site", notebooks_dir=tmp_path / "nbs")
    assert pipeline.build(config).ok
    tables = [config.processed_dir / "events.parquet", config.processed_dir / "events.csv"]
    assert all(p.is_file() for p in tables)
    (raw / "events.csv").unlink()
    again = pipeline.build(config)
    assert again.ok and not any(p.exists() for p in tables)
    assert "removed — the data folder no longer holds register events" in " ".join(again.warnings)
    assert pipeline.build(config).nothing_to_do


def test_a_register_saved_while_it_is_parsed_is_not_cached_under_the_old_bytes(
    tmp_path, monkeypatch
):
    from bad_inputs.cases import EVENTS_EN, ev

    from promis_analytics.registers.out import cache as register_cache

    path = tmp_path / "events.csv"
    path.write_text(f"{EVENTS_EN}\n{ev('E1', participants='20')}\n", encoding="utf-8")
    real = register_cache.load

    def parsed_then_saved(*args, **kwargs):
        reg = real(*args, **kwargs)
        path.write_text(f"{EVENTS_EN}\n{ev('E1', participants='2000')}\n", encoding="utf-8")
        return reg

    monkeypatch.setattr(register_cache, "load", parsed_then_saved)
    folder = tmp_path / "cache"
    assert register_cache.load_cached("events", path, cache=folder).data["participants"][0] == 20
    assert not list(folder.glob("*.parquet"))  # the old parse is not filed under any key
    monkeypatch.setattr(register_cache, "load", real)
    again = register_cache.load_cached("events", path, cache=folder)
    assert again.data["participants"].tolist() == [2000]
    assert len(list(folder.glob("events-*.parquet"))) == 1


def test_a_parameter_no_notebook_has_is_named_with_did_you_mean(tmp_path):
    from promis_analytics.pipeline import BuildConfig, plan_build

    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "promis.toml").write_text("[parameters]\ncompare_yaers = [2018, 2020]\n", "utf-8")
    nbs = tmp_path / "notebooks"
    nbs.mkdir()
    nb = _notebook(nbs / "04_t.ipynb", "print(compare_years)")
    cells = nbformat.read(nb, as_version=4)
    cells.cells[0].source += "\ncompare_years = None"  # the parameters cell
    nbformat.write(cells, nb)
    config = BuildConfig(data_dir=raw, out_dir=tmp_path / "site", notebooks_dir=nbs)
    _steps, warnings = plan_build(config)
    assert (
        "promis.toml [parameters]: невідомий ключ compare_yaers; можливо, compare_years? / "
        "unknown key compare_yaers; did you mean compare_years?"
    ) in warnings


@pytest.mark.slow
def test_processed_csv_of_a_large_register_is_written_by_arrow_with_the_same_bytes(
    tmp_path, monkeypatch
):
    """From ``COLUMNAR_MIN_ROWS`` rows on, the processed CSV is written from the Parquet by
    Arrow (``export.write_csv_from_parquet``): the same file as the pandas writer makes."""
    from promis_analytics import export
    from promis_analytics.indicators import columnar
    from promis_analytics.pipeline import BuildConfig

    (tmp_path / "nbs").mkdir()
    small = BuildConfig(
        data_dir=paths.raw_dir(), out_dir=tmp_path / "a", notebooks_dir=tmp_path / "nbs"
    )
    assert pipeline.build(small).ok
    calls = []
    arrow_writer = export.write_csv_from_parquet
    monkeypatch.setattr(columnar, "COLUMNAR_MIN_ROWS", 2)
    monkeypatch.setattr(
        export,
        "write_csv_from_parquet",
        lambda *a, **k: calls.append(a[1]) or arrow_writer(*a, **k),
    )
    large = BuildConfig(
        data_dir=paths.raw_dir(), out_dir=tmp_path / "b", notebooks_dir=tmp_path / "nbs"
    )
    assert pipeline.build(large).ok
    written = sorted(small.processed_dir.glob("*.csv"))
    assert {p.name for p in calls} >= {"events.csv", "adoptions.csv", "facts.csv"}
    for csv_file in written:
        assert (large.processed_dir / csv_file.name).read_bytes() == csv_file.read_bytes()


def test_section_titles_of_omitted_notebooks_from_the_label_view_are_the_same():
    """The build reads a dataset's project and distinct sources once (``_label_view``) for
    the section titles of omitted notebooks: the same titles as from the whole dataset."""
    from promis_analytics.dataset import load_dataset
    from promis_analytics.pipeline.actions import _label_view, _section

    ds = load_dataset(paths.raw_dir())
    view = _label_view(ds)
    notebooks = sorted((paths.repo_root() / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    titles = [_section(nb, ds) for nb in notebooks]
    assert [_section(nb, view) for nb in notebooks] == titles
    assert sum(t is not None for t in titles) >= 5
