"""Issue 31: hostile settings, folders and outputs end in one bilingual paragraph, never a
traceback; mapped files stay inside the data folder unless the user allows otherwise."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest
from bad_inputs.settings import EVENTS, FOLDER_CASES, FolderCase
from click.testing import CliRunner

from promis_analytics.cli import cli
from promis_analytics.project import SettingsError, project_settings
from promis_analytics.registers.io.folder import ALLOW_OUTSIDE_ENV, scan_folder

IDS = [c.id for c in FOLDER_CASES]


def _flat(text: str) -> str:
    return " ".join(text.split())


def _problems(folder: Path) -> str:
    """Every problem the folder's scan and settings report, as one text."""
    text = "\n".join(scan_folder(folder).problems("en"))
    try:
        project_settings(folder)
    except SettingsError as exc:
        text += "\n" + str(exc)
    return text


@pytest.mark.parametrize("case", FOLDER_CASES, ids=IDS)
def test_scan_and_settings_name_the_problem_in_both_languages(
    case: FolderCase, tmp_path: Path
) -> None:
    folder = case.build(tmp_path)
    text = _problems(folder)
    assert case.en in text and case.uk in text, text
    assert all(x in text for x in case.also), text


@pytest.mark.slow
@pytest.mark.parametrize("case", FOLDER_CASES, ids=IDS)
def test_cli_validate_and_build_say_it_in_one_paragraph(case: FolderCase, tmp_path: Path) -> None:
    folder = case.build(tmp_path)
    runner = CliRunner()
    for args in (
        ["validate", str(folder)],
        ["build", "--data", str(folder), "--out", str(tmp_path / "site"), "--fresh-kernels"],
    ):
        res = runner.invoke(cli, args)
        assert res.exit_code in (1, 2), (args, res.output)
        assert isinstance(res.exception, SystemExit), (args, res.exception)
        assert "Traceback" not in res.output
        shown = _flat(res.output)  # the console wraps long lines
        assert _flat(case.en) in shown and _flat(case.uk) in shown, (args, res.output)
    # nothing was built from a folder that does not validate
    assert not (tmp_path / "site" / "data" / "processed" / "events.csv").exists()


def test_allow_outside_lets_a_mapped_file_outside_the_folder_be_read(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    (tmp_path / "shared.csv").write_text(EVENTS, encoding="utf-8")
    (folder / "promis.toml").write_text('[registers]\nevents = "../shared.csv"\n', "utf-8")
    refused = CliRunner().invoke(cli, ["validate", str(folder)])
    assert refused.exit_code == 2 and "outside the data folder" in refused.output
    allowed = CliRunner().invoke(cli, ["validate", str(folder), "--allow-outside"])
    assert allowed.exit_code == 0, allowed.output
    assert "OK" in allowed.output and "shared.csv" in allowed.output
    assert ALLOW_OUTSIDE_ENV not in os.environ  # allowed for that one command only


def test_fifo_given_by_name_is_refused_without_reading(tmp_path: Path) -> None:
    fifo = tmp_path / "events.csv"
    os.mkfifo(fifo)
    res = CliRunner().invoke(cli, ["validate", str(fifo)])  # would block for ever if opened
    assert res.exit_code == 2
    assert "not a regular file" in res.output and "не звичайний файл" in res.output


# ---------------------------------------------------------------------------------------------
# Output paths and OS errors: checked before the work, said in one paragraph


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    d = tmp_path / "data"
    d.mkdir()
    (d / "events.csv").write_text(EVENTS, encoding="utf-8")
    return d


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["validate", "{d}", "--report", "{t}/report.txt"], "ending in .csv or .xlsx"),
        (["validate", "{d}", "--report", "{d}"], "ending in .csv or .xlsx"),
        (["validate", "{d}", "--report", "{d}/events.csv/r.csv"], "is a file, not a folder"),
        (["export", "iati", "-o", "{t}/promis.json", "--data", "{d}"], "ending in .xml"),
        (["export", "iati", "-o", "{d}/events.csv/x.xml", "--data", "{d}"], "is a file, not a"),
        (["build", "--data", "{d}", "--out", "{d}/events.csv/site"], "is a file, not a folder"),
    ],
)
def test_bad_output_paths_are_refused_before_any_work(
    args: list[str], fragment: str, folder: Path, tmp_path: Path, monkeypatch
) -> None:
    import promis_analytics.registers as registers

    def never(*a, **k):  # nothing may be read before the output path is checked
        raise AssertionError("a register was read")

    monkeypatch.setattr(registers, "load", never)
    args = [a.format(d=folder, t=tmp_path) for a in args]
    res = CliRunner().invoke(cli, args)
    assert res.exit_code == 2, res.output
    assert fragment in res.output and "Traceback" not in res.output
    assert " / " in res.output  # Ukrainian, then English


@pytest.mark.parametrize(
    ("code", "en", "uk"),
    [
        (errno.EROFS, "the folder is read-only", "тека лише для читання"),
        (errno.ENOSPC, "no space left on the disk", "на диску не залишилося місця"),
        (errno.EACCES, "permission denied", "немає дозволу"),
    ],
)
def test_os_error_during_the_work_is_one_paragraph_exit_1(
    code: int, en: str, uk: str, folder: Path, monkeypatch
) -> None:
    """A disk that fills up (or turns read-only) while the report is written."""
    from promis_analytics import export

    def full(data, path, **kw):
        raise OSError(code, os.strerror(code), str(path))

    monkeypatch.setattr(export, "write", full)
    out = folder / "report.csv"
    res = CliRunner().invoke(cli, ["validate", str(folder), "--report", str(out)])
    assert res.exit_code == 1, res.output
    assert en in res.output and uk in res.output and str(out) in res.output
    assert "Traceback" not in res.output


def test_traceback_only_when_asked(folder: Path, monkeypatch) -> None:
    from promis_analytics import export

    def full(data, path, **kw):
        raise OSError(errno.ENOSPC, "No space left on device", str(path))

    monkeypatch.setattr(export, "write", full)
    args = ["validate", str(folder), "--report", str(folder / "r.csv")]
    assert "Traceback" not in CliRunner().invoke(cli, args).output
    monkeypatch.setenv("PROMIS_TRACEBACK", "1")
    res = CliRunner().invoke(cli, args)
    assert res.exit_code == 1 and "Traceback" in res.stderr


@pytest.mark.slow
def test_build_on_a_folder_that_cannot_be_written(folder: Path, monkeypatch) -> None:
    """A read-only output folder is said before any step runs (as root, chmod would not
    stop the write, so the probe is made to fail as a read-only mount does)."""
    import tempfile

    from promis_analytics.pipeline import plan

    def read_only(*a, **k):
        raise OSError(errno.EROFS, "Read-only file system", k.get("dir"))

    def never(*a, **k):
        raise AssertionError("the build started")

    monkeypatch.setattr(tempfile, "TemporaryFile", read_only)
    monkeypatch.setattr(plan, "build", never)
    res = CliRunner().invoke(cli, ["build", "--data", str(folder)])
    assert res.exit_code == 2, res.output
    assert "the folder is read-only" in res.output and "тека лише для читання" in res.output
