"""AppTest: an entity profile shows its summary clause by clause, each fact with its own sources."""

from __future__ import annotations

import pytest

from listed.loader import load_dataset
from tests.conftest import run_page

DS = load_dataset()


@pytest.mark.parametrize("eid", ["xuar-psb", "hikvision", "yixin"])
def test_each_clause_carries_its_own_sources(eid):
    at = run_page("views/entity.py", {"id": eid})
    assert not at.exception
    clauses = DS.summary_clauses[DS.summary_clauses["entity_id"] == eid].sort_values("clause")
    shown = [m.value for m in at.markdown]
    for c in clauses.itertuples():
        first_words = " ".join(c.text.split()[:5]).replace("'", "").replace("(", "")[:25]
        match = [m for m in shown if first_words in m.replace("\\", "").replace("'", "")]
        assert match, c.text
        if c.kind == "fact":
            n = len(c.source_ids.split(";"))
            assert match[0].count("](https://") >= n, (c.text, match[0])
        else:
            assert "Sources:" not in match[0]


def test_summary_clauses_cite_at_most_three_sources_each():
    facts = DS.summary_clauses[DS.summary_clauses["kind"] == "fact"]
    assert (facts["source_ids"].str.count(";") + 1).max() <= 3
