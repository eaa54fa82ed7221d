"""Sources whose original was not found online: every renderer names the publisher, title and date, links the copy
read as a copy, and never presents a link as the original."""

from __future__ import annotations

import copy
import io
import json
import re

import pandas as pd
import pytest

from components.ui import md_table_text, source_links
from listed.loader import load_dataset
from listed.queries import (
    NO_ORIGINAL,
    Filters,
    export_frame,
    export_json,
    filter_entities,
    filter_sources,
    link_target,
    source_audit,
    sources_csv,
)
from listed.slides import _source_label, handout_markdown
from tests.fixtures import tables, write_dataset

COPY = "https://docslib.org/doc/243735/rule"


@pytest.fixture(scope="module")
def ds(tmp_path_factory):
    """The tiny fixture with its first source (the rule) known only through a copy."""
    data = copy.deepcopy(tables())
    data["sources"][0]["url"] = ""
    data["sources"][0]["copy_url"] = COPY
    data["sources"][0]["copy_note"] = "The Federal Register's own page was not found; read via a document-sharing site."
    return load_dataset(write_dataset(tmp_path_factory.mktemp("ds"), data))


@pytest.fixture(scope="module")
def curated():
    return load_dataset()


def first(ds) -> dict:
    return ds.sources.iloc[0].to_dict()


def test_component_names_the_copy_and_links_nothing_as_the_original(ds):
    s = first(ds)
    md = source_links(ds, [s["source_id"]])
    assert md.startswith(s["publisher"])  # plain text, not a link
    assert f"({NO_ORIGINAL} — read via a copy: [docslib.org]({COPY} " in md  # then the full title as tooltip
    assert re.findall(r"\]\((\S*)", md) == [COPY]  # the only link is the copy
    short = source_links(ds, [s["source_id"]], short=True)
    assert "[docslib.org]" in short and "]()" not in short


def test_component_still_links_an_original_first(curated):
    s = curated.sources[curated.sources["url"] != ""].iloc[0]
    md = source_links(curated, [s["source_id"]])
    assert md.startswith("[") and f"]({s['url']} " in md and NO_ORIGINAL not in md


def test_slides_and_handout_say_the_link_is_a_copy(ds):
    s = ds.sources.iloc[0]
    assert _source_label(s).endswith(f"({NO_ORIGINAL} — read via a copy on docslib.org)")
    assert link_target(s) == COPY
    text = handout_markdown(ds)
    assert f"Original not found online; read via a copy: {COPY}" in text  # the handout cites the rule
    assert ". \n" not in text and ".  Read via" not in text  # never an empty original URL


def test_exports_carry_the_copy_and_its_note(ds):
    rows = filter_entities(ds, Filters())
    flat = export_frame(ds, rows)
    sid = first(ds)["source_id"]
    citing = flat[flat["source_ids"].str.split(";").apply(lambda ids: sid in ids)]
    assert not citing.empty
    for cited in citing["sources"]:
        line = next(x for x in cited.split("\n") if COPY in x)
        assert line.endswith(f"({NO_ORIGINAL}; read via a copy: {COPY})"), line
    doc = json.loads(export_json(ds, rows, Filters()))
    recs = [r for e in doc["entities"] for r in e["sources"] if r["source_id"] == sid]
    assert recs and all(r["url"] == "" and r["copy_url"] == COPY and r["copy_note"] for r in recs)


def test_source_table_and_download_keep_the_empty_original(ds):
    table = filter_sources(ds, copies_only=True)
    row = table[table["source_id"] == first(ds)["source_id"]].iloc[0]
    assert row["url"] == "" and row["copy_url"] == COPY
    back = pd.read_csv(io.BytesIO(sources_csv(table)), keep_default_na=False)
    assert back.loc[back["source_id"] == first(ds)["source_id"], ["url", "copy_url"]].values.tolist() == [["", COPY]]
    assert source_audit(ds)["no_original"] == 1


def test_curated_sources_without_an_original_are_disclosed_copies(curated):
    src = curated.sources
    none = src[src["url"] == ""]
    assert len(none) == source_audit(curated)["no_original"] > 0
    assert (none["copy_url"].str.startswith("http")).all() and (none["copy_note"].str.contains("not found")).all()
    # the copy site is never recorded as the publisher
    assert not set(none["publisher_kind"]) & {"aggregator", "forum", "encyclopedia"}
    assert not set(src["publisher_kind"]) & {"aggregator", "forum"}


def test_md_table_text_escapes_cells_and_keeps_order():
    frame = pd.DataFrame({"Name": ["A|b", "海康威视", "[x](http://e)"], "Type": ["two\nlines", "*z*", None]})
    assert md_table_text(frame).splitlines() == [
        "| Name | Type |",
        "| --- | --- |",
        "| A\\|b | two lines |",
        "| 海康威视 | \\*z\\* |",
        "| \\[x\\]\\(http://e\\) |  |",
    ]
    assert md_table_text([{"a": 1}]) == "| a |\n| --- |\n| 1 |"
    assert md_table_text([]) == ""
