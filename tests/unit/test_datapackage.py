"""The descriptor validates with the reference implementation (frictionless), with every table and field."""

from __future__ import annotations

import copy

import frictionless  # pinned in requirements-dev.txt

from tests.fixtures import DATA, tables, write_dataset


def _errors(report) -> list[str]:
    return [f"{task.name}: {err.type} {err.message}" for task in report.tasks for err in task.errors]


def test_shipped_package_is_valid():
    report = frictionless.validate(str(DATA / "datapackage.json"))
    assert report.valid, _errors(report)[:20]
    names = {task.name for task in report.tasks}
    assert {"sources", "publishers", "glossary", "page_citations"} <= names


def test_broken_package_is_reported(tmp_path):
    data = copy.deepcopy(tables())
    data["sources"][1]["title_kind"] = "invented"
    data["publishers"][0]["kind"] = "blog"
    report = frictionless.validate(str(write_dataset(tmp_path / "ds", data) / "datapackage.json"))
    assert not report.valid
    errors = "\n".join(_errors(report))
    assert "sources" in errors and "publishers" in errors
