"""``promis build``: validation failure, dry-run text, summaries, options."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from promis_analytics import pipeline
from promis_analytics.cli import cli
from promis_analytics.export import atomic_write
from promis_analytics.pipeline import Step

EVENTS_HEADER = (
    "event_id,title,event_type,component,date_start,date_end,city,country,"
    "participants,women,source,locator"
)


def _fake_plan(calls: list[str]):
    """A plan_build replacement: one step per register file found, copying it to out/."""

    def plan(config):
        steps = []
        for src in sorted(config.data_dir.glob("*.csv")):
            dst = config.out_dir / "copies" / src.name

            def action(ctx, src=src, dst=dst):
                calls.append(src.name)
                data = src.read_bytes()
                atomic_write(dst, lambda tmp: tmp.write_bytes(data))

            steps.append(Step(f"copy:{src.stem}", action, inputs=[src], outputs=[dst]))
        return steps, ["register recommendations: no file"]

    return plan


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    d = tmp_path / "raw"
    d.mkdir()
    (d / "events.csv").write_text("Вінниця\n", encoding="utf-8")
    (d / "facts.csv").write_text("Мелітополь\n", encoding="utf-8")
    return d


def _build(*args: str):
    return CliRunner().invoke(cli, ["build", *args])


@pytest.mark.slow
def test_build_then_nothing_to_do_then_one_change(tmp_path, data_dir, monkeypatch):
    calls: list[str] = []
    monkeypatch.setattr(pipeline.plan, "plan_build", _fake_plan(calls))
    out = tmp_path / "site"
    first = _build("--data", str(data_dir), "--out", str(out))
    assert first.exit_code == 0, first.output
    assert (
        "rebuilt  copy:events" in first.output
        and "2 rebuilt, 0 up to date, 0 omitted" in first.output
    )
    assert "warning: register recommendations: no file" in first.output
    assert (out / "copies" / "facts.csv").read_text(encoding="utf-8") == "Мелітополь\n"

    second = _build("--data", str(data_dir), "--out", str(out))
    assert second.exit_code == 0
    assert "nothing to do" in second.output and "0 rebuilt, 2 up to date" in second.output

    (data_dir / "events.csv").write_text("Жмеринка\n", encoding="utf-8")
    dry = _build("--data", str(data_dir), "--out", str(out), "--dry-run")
    assert dry.exit_code == 0
    assert "stale  copy:events: input changed: " in dry.output
    assert "copy:facts" not in dry.output
    assert "1 stale, 1 up to date (dry run)" in dry.output
    assert calls == ["events.csv", "facts.csv"]

    third = _build("--data", str(data_dir), "--out", str(out))
    assert "1 rebuilt, 1 up to date" in third.output
    assert calls == ["events.csv", "facts.csv", "events.csv"]

    forced = _build("--data", str(data_dir), "--out", str(out), "--force")
    assert "rebuilt  copy:facts" in forced.output and "--force" in forced.output


@pytest.mark.slow
def test_failed_step_exits_1_and_names_it(tmp_path, data_dir, monkeypatch):
    def plan(config):
        def boom(ctx):
            raise RuntimeError("cell 4 failed: KeyError 'Вінниця'")

        return [Step("notebook:02_participants.uk", boom, inputs=[data_dir / "events.csv"])], []

    monkeypatch.setattr(pipeline.plan, "plan_build", plan)
    result = _build("--data", str(data_dir), "--out", str(tmp_path / "site"))
    assert result.exit_code == 1
    assert "FAILED  notebook:02_participants.uk: RuntimeError: cell 4 failed" in result.output
    assert "build FAILED: 0 rebuilt, 0 up to date, 0 omitted, 1 failed" in result.output


@pytest.mark.slow
def test_validation_failure_prints_the_report_and_exits_1(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    rows = [EVENTS_HEADER]
    for i in range(25):
        rows.append(
            f"E{i:02d},«Форум {i}»,training,1100,2018-07-0{1 + i % 9},2018-07-0{1 + i % 9},"
            f"vinnytsia,ukraine,багато,3,monitoring_card_2018H2,row {i + 1}"
        )
    (raw / "events.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    out = tmp_path / "site"
    result = _build("--data", str(raw), "--out", str(out))
    assert result.exit_code == 1, result.output
    assert "Registers failed validation" in result.output
    assert "events.csv" in result.output and "багато" in result.output
    assert "5 more" in result.output  # 25 problems: the first 20 shown
    assert "Build stopped" in result.output
    assert not (out / "data" / "processed" / "events.parquet").exists()
    assert not (out / "figures").exists()


@pytest.mark.parametrize("value", ["de", "uk,fr", ","])
def test_bad_lang_is_refused(value):
    result = _build("--lang", value, "--dry-run")
    assert result.exit_code == 2
    assert "expected uk, en or uk,en" in result.output


def test_missing_data_folder(tmp_path):
    result = _build("--data", str(tmp_path / "nowhere"), "--dry-run")
    assert result.exit_code == 2
    assert "data folder not found" in result.output


@pytest.mark.slow
def test_dry_run_of_the_real_plan_lists_every_step(tmp_path):
    """The real graph on the embedded data, planned only: every step is new."""
    result = _build("--out", str(tmp_path / "site"), "--dry-run", "--lang", "en")
    assert result.exit_code == 0, result.output
    assert "stale  validate: never built" in result.output
    assert "stale  processed:events: never built" in result.output
    assert "stale  report: never built\n" in result.output
    assert "stale  gallery: never built; runs after stale: notebook:0" in result.output
    assert ".uk:" not in result.output
    assert not (tmp_path / "site" / ".promis-cache").exists()


@pytest.mark.slow
def test_real_build_end_to_end(tmp_path):
    """The whole build on the embedded data (English only); a second build does nothing."""
    out = tmp_path / "site"
    first = _build("--out", str(out), "--lang", "en")
    assert first.exit_code == 0, first.output
    assert (out / "reports" / "indicators.xlsx").is_file()
    assert (out / "figures" / "index.html").is_file()
    assert (out / "data" / "processed" / "events.parquet").is_file()
    assert list((out / "figures").glob("*.en.png"))
    workbook = (out / "reports" / "indicators.xlsx").read_bytes()
    second = _build("--out", str(out), "--lang", "en")
    assert second.exit_code == 0 and "nothing to do" in second.output
    forced = _build("--out", str(out), "--lang", "en", "--force")
    assert forced.exit_code == 0, forced.output
    assert (out / "reports" / "indicators.xlsx").read_bytes() == workbook


@pytest.mark.slow
def test_input_saved_during_the_build_is_said_and_redone(tmp_path, data_dir, monkeypatch):
    """Issue 31: a register saved while the build runs — the build says it is incomplete
    (exit 1), the next one redoes the step, the one after has nothing to do."""
    saves = ["Вінниця, Жмеринка\n"]

    def plan(config):
        src, dst = config.data_dir / "events.csv", config.out_dir / "copies" / "events.csv"

        def action(ctx):
            data = src.read_bytes()
            atomic_write(dst, lambda tmp: tmp.write_bytes(data))
            if saves:  # the user saves the register while the step runs
                src.write_text(saves.pop(), encoding="utf-8")

        return [Step("copy:events", action, inputs=[src], outputs=[dst])], []

    monkeypatch.setattr(pipeline.plan, "plan_build", plan)
    out = tmp_path / "site"
    first = _build("--data", str(data_dir), "--out", str(out))
    assert first.exit_code == 1, first.output
    assert "build INCOMPLETE: input files changed while it ran" in first.output
    assert "events.csv: файл змінився під час збірки" in first.output
    second = _build("--data", str(data_dir), "--out", str(out))
    assert second.exit_code == 0 and "rebuilt  copy:events" in second.output
    assert "input changed" in second.output
    copied = (out / "copies" / "events.csv").read_text(encoding="utf-8")
    assert copied == "Вінниця, Жмеринка\n"
    third = _build("--data", str(data_dir), "--out", str(out))
    assert "nothing to do" in third.output, third.output
