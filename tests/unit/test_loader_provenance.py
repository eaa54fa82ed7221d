"""Loader checks called directly on hand-made tables, for the cases mutation testing found untested (issue 16)."""

from __future__ import annotations

import pandas as pd

from listed.loader import _check_working_notes, _with_summary, host_matches


def test_working_notes_only_in_free_text_columns():
    descriptor = {
        "resources": [
            {"name": "absent", "path": "absent.csv", "schema": {"fields": [{"name": "a"}]}},
            {
                "name": "notes",
                "path": "notes.csv",
                "schema": {
                    "fields": [
                        {"name": "untyped"},
                        {"name": "text", "type": "string", "constraints": {"required": True}},
                        {"name": "count", "type": "integer"},
                        {"name": "slug", "type": "string", "constraints": {"pattern": ".*"}},
                        {"name": "choice", "type": "string", "constraints": {"enum": ["TODO"]}},
                        {"name": "not_in_header", "type": "string"},
                    ]
                },
            },
        ]
    }
    row = {"untyped": "TODO later", "text": "see notes.md", "count": "TODO", "slug": "TODO", "choice": "TODO"}
    raw = {"notes": (["untyped", "text", "count", "slug", "choice"], [row, {**row, "untyped": "", "text": ""}])}
    problems = []
    _check_working_notes(descriptor, raw, problems)
    assert [(p.file, p.row, p.column, p.message) for p in problems] == [
        ("notes.csv", 1, "untyped", "contains a working note ('TODO'); data text is for readers"),
        ("notes.csv", 1, "text", "contains a working note ('notes.md'); data text is for readers"),
    ]


def test_summary_of_an_entity_without_clauses_is_empty():
    entities = pd.DataFrame({"entity_id": ["a", "b"]})
    clauses = pd.DataFrame({"entity_id": ["a", "a"], "clause": [2, 1], "text": ["Second.", "First."]})
    assert _with_summary(entities, clauses)["summary"].tolist() == ["First. Second.", ""]


def test_host_matches_without_a_host():
    assert not host_matches("not a url", "xxxx")
    assert host_matches("https://WWW.Example.org/x", "example.org")
    assert not host_matches("https://badexample.org/x", "example.org")
