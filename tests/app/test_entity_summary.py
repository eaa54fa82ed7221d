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


def test_a_source_without_an_original_online_links_only_its_copy():
    """Hikvision's annual report was read via a copy: the profile names it and links the copy as a copy."""
    src = DS.sources.set_index("source_id").loc["hikvision-2020-annual-report-2019"]
    assert src["url"] == "" and src["copy_url"]
    at = run_page("views/entity.py", {"id": "hikvision"})
    assert not at.exception
    shown = "\n".join(m.value for m in at.markdown)
    assert (
        f"original not found online — read via a copy: [money.finance.sina.com.cn]({src['copy_url']} " in shown
    )  # the full title follows as a tooltip
    assert "]()" not in shown
