"""Registers: schemas, the field dictionary, loading with complete validation reports."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from promis_analytics import project_codes
from promis_analytics.errors import RegisterError
from promis_analytics.project import ProjectSettings, project_settings
from promis_analytics.registers.check.validate import empty_frame, rejects_frame, validate_table
from promis_analytics.registers.io.formats import read_table
from promis_analytics.registers.io.limits import Limits
from promis_analytics.registers.io.reader import FileProblem
from promis_analytics.registers.schema.fields import FIELDS, Field
from promis_analytics.registers.schema.report import ValidationReport
from promis_analytics.registers.schema.schemas import SCHEMAS, Schema, schema_for

KINDS: tuple[str, ...] = tuple(SCHEMAS)


@dataclass
class Register:
    """A loaded register: ``data`` (accepted rows, typed, canonical columns; ``data.attrs
    ["rows"]`` holds their Excel row numbers), ``rejects`` (raw cells of the rows that
    failed, with ``row`` and ``problems``), ``report`` and ``source`` (the file path)."""

    kind: str
    data: pd.DataFrame
    rejects: pd.DataFrame
    report: ValidationReport
    source: Path


@contextmanager
def gc_paused() -> Iterator[None]:
    """No cyclic garbage collection inside: reading and checking a register creates millions
    of tuples and strings (no cycles), and every collection would walk them all again — a
    quarter of a million-row load. Collection resumes as it was."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def load(
    kind: str,
    path: str | Path,
    *,
    sheet: str | None = None,
    strict: bool = True,
    limits: Limits | None = None,
    settings: ProjectSettings | None = None,
) -> Register:
    """Read and validate a register file (.csv, .xlsx, .xlsm, .xls, .xlsb, .ods) of ``kind``.

    ``limits`` raises (or lowers) the reader's size limits for this file (``registers.io.limits``).
    ``settings`` (default: the ``[project]`` of ``promis.toml`` beside the file) gives the
    project period that dates are checked against (no period declared, no such check) and
    the disaggregation columns the events register holds (``[[dimensions]]``).
    Strict mode raises ``RegisterError`` (with ``.report``) when any problem is found;
    lenient mode returns the accepted rows and the rejects. Nothing is dropped silently:
    ``report.rows_read == accepted + rejected + blank + totals``.
    """
    if kind not in SCHEMAS:
        raise ValueError(f"unknown register kind {kind!r}; known: {', '.join(SCHEMAS)}")
    p = Path(path)
    if settings is None:
        settings = project_settings(p.parent)
    schema = schema_for(kind, settings.dimensions)
    try:
        with gc_paused():  # millions of new cell tuples: no cycle collection meanwhile
            table = read_table(
                p, sheet=sheet, prefer=(kind, schema.label_uk, schema.label_en), limits=limits
            )
    except FileProblem as fp:
        report = ValidationReport(p.name, sheet, kind)
        report.add(
            fp.code,
            detail=fp.detail,
            detail_uk=fp.detail_uk,
            expected_en=fp.expected_en,
            expected_uk=fp.expected_uk,
        )
        data, rejects = empty_frame(schema), rejects_frame(schema, [])
    else:
        with gc_paused(), project_codes.using(p.parent):  # the folder's components, funds
            data, rejects, report = validate_table(
                table, kind, period=settings.period, schema=schema
            )
    if strict and not report.ok:
        n = len(report.errors)
        raise RegisterError(
            f"{n} problem{'s' if n != 1 else ''} in {kind} register\n" + report.summary(), report
        )
    return Register(kind, data, rejects, report, p)


def _wrapper(kind: str):
    def fn(path: str | Path, *, sheet: str | None = None) -> pd.DataFrame:
        return load(kind, path, sheet=sheet).data

    fn.__name__ = f"load_{kind}"
    fn.__doc__ = f"Load the {kind} register strictly and return its typed DataFrame."
    return fn


load_events = _wrapper("events")
load_cofinancing = _wrapper("cofinancing")
load_index_scores = _wrapper("index_scores")
load_recommendations = _wrapper("recommendations")
load_indicators = _wrapper("indicators")
load_adoptions = _wrapper("adoptions")
load_facts = _wrapper("facts")

__all__ = [
    "FIELDS",
    "KINDS",
    "SCHEMAS",
    "Field",
    "Register",
    "RegisterError",
    "Schema",
    "ValidationReport",
    "load",
    "load_adoptions",
    "load_cofinancing",
    "load_events",
    "load_facts",
    "load_index_scores",
    "load_indicators",
    "load_recommendations",
]
