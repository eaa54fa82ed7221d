"""The source-list queries (sources page, citations, audit) on a dataset built for them: exact answers, so that
mutation testing of listed/queries.py sees them fail when the logic changes (issue 16)."""

from __future__ import annotations

import copy
import io
import json
from types import SimpleNamespace

import pandas as pd
import pytest

from listed.loader import load_dataset
from listed.queries import (
    NO_ORIGINAL,
    SOURCE_TABLE_COLUMNS,
    Filters,
    copy_host,
    display_title,
    export_frame,
    export_json,
    filter_entities,
    filter_sources,
    glossary_source_ids,
    link_sources,
    link_target,
    page_source_ids,
    source_audit,
    source_citation,
    source_citation_counts,
    source_date,
    sources_csv,
    to_csv_bytes,
)
from tests.fixtures import SOURCE, tables, write_dataset

FR = "fr-2019-22210"
CSIS = "csis-2019-xinjiang-28"


def source_tables() -> dict[str, list[dict]]:
    """The minimal dataset plus sources of every shape: copies, no original, descriptive titles, undated, news."""
    d = copy.deepcopy(tables())
    d["publishers"].append({"publisher_id": "example", "name": "Example", "kind": "news", "domains": "example.org"})
    news = {"publisher_id": "example", "kind": "news", "primary": "false"}
    d["sources"] += [
        {**SOURCE, "source_id": "bis-copy", "title": "Old rule", "date": "2018-01-01", "date_precision": "year",
         "primary": "false", "url": "https://www.federalregister.gov/d/2018-1",
         "copy_url": "https://www.docslib.org/doc/1", "copy_note": "A copy."},
        {**SOURCE, "source_id": "bis-lost", "title": "Lost notice", "title_kind": "descriptive",
         "date": "2020-03-05", "url": "", "copy_url": "https://law.justia.com/x", "copy_note": "Only copy."},
        {**SOURCE, **news, "source_id": "ex-a", "title": "Report no. 5", "title_kind": "descriptive",
         "date": "2021-01-02", "url": "https://example.org/a"},
        {**SOURCE, **news, "source_id": "ex-b", "title": "商汤 story", "date": "2018-06-01",
         "url": "https://example.org/b", "copy_url": "http://archive.example.net/b", "copy_note": "Archived."},
        {**SOURCE, "publisher_id": "wikipedia", "kind": "news", "primary": "false", "source_id": "wiki-page",
         "title": "Entity List", "date": "", "date_precision": "undated",
         "url": "https://en.wikipedia.org/wiki/Entity_List"},
    ]  # fmt: skip
    d["page_citations"] += [
        {"page": "sources", "section": "audit", "source_ids": "bis-copy;bis-lost;ex-a;ex-b;wiki-page"},
        {"page": "sources", "section": "repeat", "source_ids": "ex-a;ex-a"},
    ]
    d["glossary"].append({"term": "Copy", "definition": "A copy.", "source_ids": f"wiki-page;{FR};bis-lost;wiki-page"})
    d["entity_technologies"].append(
        {"entity_id": "sensetime", "tech_id": "video-surveillance", "role": "supplies", "note": "Cameras.",
         "source_ids": f"{FR};ex-a"}
    )  # fmt: skip
    return d


@pytest.fixture(scope="module")
def ds(tmp_path_factory):
    path = write_dataset(tmp_path_factory.mktemp("sources") / "ds", source_tables())
    meta = json.loads((path / "metadata.json").read_text(encoding="utf-8"))
    meta["key_figures"] = [
        {"figure": "1", "label": "One", "source_ids": "ex-b"},
        {"figure": "2", "label": "Two", "source_ids": f"ex-b;{CSIS}"},
    ]
    (path / "metadata.json").write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
    return load_dataset(path)


def ids(df: pd.DataFrame) -> list[str]:
    return df["source_id"].tolist()


# --- filter_sources ----------------------------------------------------------------------------------------------


def test_filter_sources_unfiltered_order_and_columns(ds):
    out = filter_sources(ds)
    assert ids(out) == [FR, "bis-lost", "bis-copy", CSIS, "ex-b", "ex-a", "wiki-page"]
    assert list(out.columns) == list(SOURCE_TABLE_COLUMNS)
    assert list(out.index) == list(range(7))
    row = out.set_index("source_id")
    assert row.loc["bis-lost", "title"] == "[Lost notice]" and row.loc["ex-a", "title"] == "[Report no. 5]"
    assert row.loc[FR, "title"] == "Addition of Certain Entities to the Entity List"
    assert row.loc["ex-b", "publisher"] == "Example" and row.loc["ex-b", "publisher_kind"] == "news"
    assert out["cited_by"].dtype == "int64"
    assert row["cited_by"].to_dict() == {k: v for k, v in source_citation_counts(ds).items()}


def test_filter_sources_text(ds):
    assert ids(filter_sources(ds, text="WIKI")) == ["wiki-page"]  # publisher and id, any case
    assert ids(filter_sources(ds, text="brief")) == [CSIS]  # title
    assert ids(filter_sources(ds, text="ex-b")) == ["ex-b"]  # id
    assert ids(filter_sources(ds, text=".")) == ["ex-a"]  # not a regular expression
    assert ids(filter_sources(ds, text="wikipedia entity")) == ["wiki-page"]  # publisher, space, title
    assert ids(filter_sources(ds, text="list wiki")) == ["wiki-page"]  # title, space, id
    assert ids(filter_sources(ds, text="[lost")) == []  # the brackets are shown, not searched
    assert ids(filter_sources(ds, text="nothing like it")) == []
    assert list(filter_sources(ds, text="nothing like it").columns) == list(SOURCE_TABLE_COLUMNS)


def test_filter_sources_kinds(ds):
    assert ids(filter_sources(ds, kinds=["news"])) == ["ex-b", "ex-a"]
    assert ids(filter_sources(ds, kinds=["think-tank", "encyclopedia"])) == [CSIS, "wiki-page"]
    assert ids(filter_sources(ds, kinds=[])) == ids(filter_sources(ds))


def test_filter_sources_primary(ds):
    assert ids(filter_sources(ds, primary=True)) == [FR, "bis-lost"]
    assert ids(filter_sources(ds, primary=False)) == ["bis-copy", CSIS, "ex-b", "ex-a", "wiki-page"]


def test_filter_sources_copies_and_descriptive(ds):
    assert ids(filter_sources(ds, copies_only=True)) == ["bis-lost", "bis-copy", "ex-b"]
    assert ids(filter_sources(ds, descriptive_only=True)) == ["bis-lost", "ex-a"]


def test_filter_sources_combined(ds):
    assert ids(filter_sources(ds, kinds=["government"], primary=False)) == ["bis-copy"]
    assert ids(filter_sources(ds, kinds=["government"], copies_only=True, primary=True)) == ["bis-lost"]
    assert ids(filter_sources(ds, text="ex", kinds=["news"], descriptive_only=True)) == ["ex-a"]
    assert ids(filter_sources(ds, text="example", copies_only=True)) == ["ex-b"]
    assert ids(filter_sources(ds, primary=True, descriptive_only=True, copies_only=True)) == ["bis-lost"]
    assert ids(filter_sources(ds, kinds=["news"], primary=True)) == []
    assert ids(filter_sources(ds, text="wiki", kinds=["news", "encyclopedia"])) == ["wiki-page"]


def test_filter_sources_leaves_the_dataset_alone(ds):
    filter_sources(ds, descriptive_only=True)
    assert "cited_by" not in ds.sources.columns
    assert ds.sources.set_index("source_id").loc["bis-lost", "title"] == "Lost notice"


# --- source_citation_counts -----------------------------------------------------------------------------------


def test_source_citation_counts(ds):
    counts = source_citation_counts(ds)
    assert list(counts) == ids(ds.sources)  # every source, in source order
    assert counts["bis-copy"] == 1
    assert counts["bis-lost"] == 2  # page citation, glossary
    assert counts["ex-a"] == 4  # page citation, twice in one row, a technology link
    assert counts["ex-b"] == 3  # page citation, two key figures
    assert counts["wiki-page"] == 3  # page citation, twice in the glossary row
    assert 0 not in counts.values()
    fr_rows = sum(
        str(v).split(";").count(FR)
        for name, df in ds.tables.items()
        if name != "sources" and "source_ids" in df.columns
        for v in df["source_ids"]
    )
    assert counts[FR] == fr_rows > 40
    assert counts[CSIS] == 1  # the key figure only


def test_source_citation_counts_key_figures_of_unknown_sources(ds):
    fake = SimpleNamespace(
        sources=ds.sources[ds.sources["source_id"] == "ex-a"],
        tables={"sources": ds.sources, "claims": pd.DataFrame({"source_ids": ["ex-a;other;", "other"]})},
        metadata={"key_figures": [{"source_ids": "ex-a"}, {"figure": "no sources"}, {"source_ids": ";ex-a;new"}]},
    )
    assert source_citation_counts(fake) == {"ex-a": 3, "other": 2, "new": 1}
    fake.metadata = {}
    assert source_citation_counts(fake) == {"ex-a": 1, "other": 2}


# --- source_audit ----------------------------------------------------------------------------------------------


def test_source_audit_counts(ds):
    audit = source_audit(ds)
    assert {k: v for k, v in audit.items() if not isinstance(v, pd.DataFrame)} == {
        "total": 7, "primary": 2, "secondary": 5, "copies": 3, "no_original": 1, "descriptive": 2, "undated": 1,
    }  # fmt: skip
    assert all(type(v) is int for v in audit.values() if not isinstance(v, pd.DataFrame))


def test_source_audit_by_kind(ds):
    by_kind = source_audit(ds)["by_kind"]
    assert list(by_kind.columns) == ["publisher kind", "sources", "primary", "copies"]
    assert by_kind.values.tolist() == [
        ["government", 3, 2, 2], ["think-tank", 1, 0, 0], ["news", 2, 0, 1], ["encyclopedia", 1, 0, 0],
    ]  # fmt: skip
    assert list(by_kind.index) == [0, 1, 2, 3]
    assert by_kind["primary"].dtype == "int64" and by_kind["copies"].dtype == "int64"


def test_source_audit_copy_table(ds):
    table = source_audit(ds)["copy_table"]
    assert list(table.columns) == ["source_id", "publisher", "title", "url", "copy_url", "copy_note"]
    assert table.values.tolist() == [
        ["bis-copy", "Bureau of Industry and Security", "Old rule", "https://www.federalregister.gov/d/2018-1",
         "https://www.docslib.org/doc/1", "A copy."],
        ["bis-lost", "Bureau of Industry and Security", "Lost notice", "", "https://law.justia.com/x", "Only copy."],
        ["ex-b", "Example", "商汤 story", "https://example.org/b", "http://archive.example.net/b", "Archived."],
    ]  # fmt: skip
    assert list(table.index) == [0, 1, 2]


# --- dates, titles, links, citations ------------------------------------------------------------------------------


def _src(**kw) -> dict:
    base = {"publisher": "Pub", "title": "T", "title_kind": "as-published", "date": pd.Timestamp("2019-10-09"),
            "date_precision": "day", "url": "https://a.org/x", "copy_url": "", "copy_note": ""}  # fmt: skip
    return {**base, **kw}


def test_source_date():
    assert source_date(_src()) == "09 Oct 2019"
    assert source_date(_src(date_precision="month")) == "Oct 2019"
    assert source_date(_src(date_precision="year")) == "2019"
    assert source_date(_src(date_precision="undated")) == "n.d."
    assert source_date(_src(date=pd.NaT)) == "n.d."
    assert source_date(_src(date=pd.NaT, date_precision="undated")) == "n.d."


def test_source_date_on_the_dataset(ds):
    src = ds.sources_by_id
    assert [source_date(src[s]) for s in (FR, CSIS, "bis-copy", "wiki-page")] == [
        "09 Oct 2019", "Oct 2019", "2018", "n.d.",
    ]  # fmt: skip


def test_copy_host_link_target_display_title(ds):
    src = ds.sources_by_id
    assert copy_host(src["bis-copy"]) == "docslib.org"  # www. dropped
    assert copy_host(src["bis-lost"]) == "law.justia.com"  # other subdomains kept
    assert copy_host(src["ex-b"]) == "archive.example.net"
    assert copy_host(src[FR]) == ""
    assert copy_host(_src(copy_url="https://wwwx.org/a")) == "wwwx.org"
    assert copy_host(_src(copy_url="https://a.www.org/a")) == "a.www.org"
    assert link_target(src[FR]) == "https://www.federalregister.gov/d/2019-22210"
    assert link_target(src["bis-copy"]) == "https://www.federalregister.gov/d/2018-1"  # the original when found
    assert link_target(src["bis-lost"]) == "https://law.justia.com/x"
    assert display_title(src["bis-lost"]) == "[Lost notice]"
    assert display_title(src[FR]) == "Addition of Certain Entities to the Entity List"
    assert display_title({"title": "No kind"}) == "No kind"
    assert display_title(_src(title=5)) == "5"
    assert display_title(_src(title=5, title_kind="descriptive")) == "[5]"


def test_source_citation():
    assert source_citation(_src()) == "Pub: T (2019-10-09) https://a.org/x"
    assert source_citation(_src(date_precision="month")) == "Pub: T (2019-10) https://a.org/x"
    assert source_citation(_src(date_precision="year")) == "Pub: T (2019) https://a.org/x"
    assert source_citation(_src(date_precision="undated", date=pd.NaT)) == "Pub: T (n.d.) https://a.org/x"
    assert source_citation(_src(date=pd.NaT)) == "Pub: T (n.d.) https://a.org/x"
    assert source_citation(_src(date_precision="undated")) == "Pub: T (n.d.) https://a.org/x"
    assert (
        source_citation(_src(copy_url="https://b.org/y"))
        == "Pub: T (2019-10-09) https://a.org/x (read via a copy: https://b.org/y)"
    )
    assert (
        source_citation(_src(url="", copy_url="https://b.org/y", title_kind="descriptive"))
        == f"Pub: [T] (2019-10-09) ({NO_ORIGINAL}; read via a copy: https://b.org/y)"
    )
    assert NO_ORIGINAL == "original not found online"
    no_copy_key = _src()
    del no_copy_key["copy_url"]
    assert source_citation(no_copy_key) == "Pub: T (2019-10-09) https://a.org/x"


def test_source_citation_on_the_dataset(ds):
    src = ds.sources_by_id
    assert source_citation(src["bis-lost"]) == (
        "Bureau of Industry and Security: [Lost notice] (2020-03-05) "
        "(original not found online; read via a copy: https://law.justia.com/x)"
    )
    assert (
        source_citation(src["wiki-page"]) == "Wikipedia: Entity List (n.d.) https://en.wikipedia.org/wiki/Entity_List"
    )


# --- link_sources, page and glossary sources ------------------------------------------------------------------


def test_link_sources(ds):
    both = ["video-surveillance", "facial-recognition"]
    assert link_sources(ds, "sensetime", both) == [
        ("video-surveillance", "supplies", [FR, "ex-a"]),
        ("facial-recognition", "develops", [FR]),
    ]
    assert link_sources(ds, "sensetime", both[::-1]) == [
        ("facial-recognition", "develops", [FR]),
        ("video-surveillance", "supplies", [FR, "ex-a"]),
    ]
    assert link_sources(ds, "sensetime", ["facial-recognition"]) == [("facial-recognition", "develops", [FR])]
    assert link_sources(ds, "xuar-psb", both) == [("facial-recognition", "operates", [FR])]
    assert link_sources(ds, "megvii", both) == []
    assert link_sources(ds, "sensetime", []) == []


def test_page_source_ids(ds):
    assert page_source_ids(ds, "sources", "audit") == ["bis-copy", "bis-lost", "ex-a", "ex-b", "wiki-page"]
    assert page_source_ids(ds, "sources", "repeat") == ["ex-a", "ex-a"]
    assert page_source_ids(ds, "how-it-works", "the-rule") == [FR]
    for page, section in (("how-it-works", "audit"), ("sources", "the-rule"), ("nowhere", "nothing")):
        with pytest.raises(KeyError, match=f"no citations for {page}/{section}"):
            page_source_ids(ds, page, section)


def test_glossary_source_ids(ds):
    assert glossary_source_ids(ds) == [FR, "wiki-page", "bis-lost"]


# --- CSV downloads -----------------------------------------------------------------------------------------------


def test_sources_csv(ds):
    df = filter_sources(ds)
    raw = sources_csv(df)
    assert raw.startswith(b"source_id,publisher,publisher_kind,title,date,primary,url,copy_url,copy_note,cited_by\n")
    text = raw.decode("utf-8")  # no BOM: the page's download is plain UTF-8
    assert "商汤 story" in text
    back = pd.read_csv(io.BytesIO(raw), dtype=str, keep_default_na=False)
    assert list(back.columns) == list(SOURCE_TABLE_COLUMNS)
    assert back["source_id"].tolist() == ids(df)
    dates = dict(zip(back["source_id"], back["date"], strict=True))
    assert dates[FR] == "2019-10-09" and dates[CSIS] == "2019-10-01" and dates["wiki-page"] == ""
    assert back["title"].tolist() == df["title"].tolist()
    assert back["cited_by"].tolist() == [str(n) for n in df["cited_by"]]
    assert df["date"].dtype.kind == "M"  # the frame given is not changed
    assert len(text.splitlines()) == 8


def test_to_csv_bytes_has_a_bom():
    raw = to_csv_bytes(pd.DataFrame({"a": ["海康"], "b": [1]}))
    assert raw == "\ufeffa,b\n海康,1\n".encode()


# --- exports: the technology links and their sources -----------------------------------------------------------


def test_export_technology_sources_and_links(ds):
    both = ["video-surveillance", "facial-recognition"]
    rows = filter_entities(ds, Filters(tech=both))
    src = ds.sources_by_id
    flat = export_frame(ds, rows, both).set_index("entity_id")
    assert flat.loc["sensetime", "technology_sources"] == "\n".join(
        [
            f"Video surveillance (supplies): {source_citation(src[FR])}",
            f"Video surveillance (supplies): {source_citation(src['ex-a'])}",
            f"Facial recognition (develops): {source_citation(src[FR])}",
        ]
    )
    raw = export_json(ds, rows, Filters(tech=both))
    assert "海康威视".encode() in raw  # not escaped as \\u....
    doc = json.loads(raw)
    sense = next(e for e in doc["entities"] if e["entity_id"] == "sensetime")
    assert sense["technology_links"] == [
        {"tech_id": "video-surveillance", "role": "supplies", "source_ids": [FR, "ex-a"]},
        {"tech_id": "facial-recognition", "role": "develops", "source_ids": [FR]},
    ]
