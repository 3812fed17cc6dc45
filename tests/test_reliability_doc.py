"""docs/reliability.md lists every problem code and limit, generated from the code."""

from __future__ import annotations

from promis_analytics import paths
from promis_analytics.registers.schema.report import MESSAGES
from promis_analytics.reliability import example_entry, limits, render

DOC = paths.repo_root() / "docs" / "reliability.md"


def test_doc_is_up_to_date_with_messages_and_limits() -> None:
    doc = DOC.read_text(encoding="utf-8")
    assert doc == render(doc), 'run promis_analytics.reliability.update_doc("docs/reliability.md")'


def test_doc_lists_every_problem_code_with_both_languages() -> None:
    doc = DOC.read_text(encoding="utf-8")
    for code in MESSAGES:
        e = example_entry(code)
        assert f"| `{code}` |" in doc
        for lang in ("uk", "en"):
            text = e.problem(lang)
            assert text and "{" not in text and "''" not in text and "«»" not in text
            assert text in doc.replace("\\|", "|")


def test_doc_states_every_limit() -> None:
    doc = DOC.read_text(encoding="utf-8")
    for name, value, _where in limits():
        assert f"| {name} | {value} |" in doc
