"""Queries for bureau-level evidence (issue 12): the role filter, roles in exports and the matrix, evidence by
scope, figures by prefecture and the research-log line. Exact answers on a small hand-made dataset."""

from __future__ import annotations

import copy
import json

import pandas as pd
import pytest

from components.charts import matrix_roles, tech_matrix
from listed.loader import load_dataset
from listed.queries import (
    Filters,
    claim_date,
    entity_table,
    evidence_by_scope,
    export_frame,
    export_json,
    figure_counts,
    figure_text,
    figures_table,
    filter_entities,
    jurisdiction_figures,
    link_sources,
    parse_filters,
    research_lines,
)
from tests.fixtures import SOURCE, tables, write_dataset


def role_tables() -> dict[str, list[dict]]:
    d = copy.deepcopy(tables())
    s = {"source_ids": "fr-2019-22210"}
    d["entity_technologies"] += [
        {"entity_id": "sensetime", "tech_id": "video-surveillance", "role": "supplies", "note": "Cameras.", **s},
        {"entity_id": "kashgar-psb", "tech_id": "video-surveillance", "role": "operates", "note": "Runs.", **s},
        {"entity_id": "changji-psb", "tech_id": "facial-recognition", "role": "procures", "note": "Bought.", **s},
    ]
    d["publishers"].append({"publisher_id": "example", "name": "Example", "kind": "news", "domains": "example.org"})
    extra = {"publisher_id": "example", "kind": "news", "primary": "false"}
    d["sources"] += [
        {**SOURCE, **extra, "source_id": "month-only", "title": "M", "date": "2019-07-01", "date_precision": "month",
         "url": "https://example.org/m"},
        {**SOURCE, **extra, "source_id": "year-only", "title": "Y", "date": "2016-01-01", "date_precision": "year",
         "url": "https://example.org/y"},
    ]  # fmt: skip
    claim = {"disputed_by": "", "hedge": "according-to", "claim_type": "evidence"}
    d["claims"] += [
        {**claim, "claim_id": "kashgar-bulletin", "entity_id": "kashgar-psb", "date": "2019-07-01",
         "scope": "entity", "statement": "A bulletin was sent to its head.", "source_ids": "month-only"},
        {**claim, "claim_id": "kashgar-early", "entity_id": "kashgar-psb", "date": "2016-01-01",
         "scope": "jurisdiction", "claim_type": "context", "statement": "Stations were planned.",
         "source_ids": "year-only"},
        {**claim, "claim_id": "kashgar-reply", "entity_id": "kashgar-psb", "date": "2020-01-01",
         "scope": "entity", "claim_type": "response", "statement": "It denied it.", "hedge": "denied",
         "source_ids": "fr-2019-22210"},
    ]  # fmt: skip
    d["jurisdiction_figures"] += [
        {"figure_id": "kashgar-00", "entity_id": "kashgar-psb", "measure": "stations planned", "value": "949",
         "qualifier": "about", "unit": "police stations", "year": "2016", "note": "Planned.",
         "source_ids": "year-only;month-only"},
        {"figure_id": "changji-01", "entity_id": "changji-psb", "measure": "project value", "value": "53000000",
         "qualifier": "exact", "unit": "US dollars", "year": "2017", "note": "", "source_ids": "fr-2019-22210"},
    ]  # fmt: skip
    d["research_log"].append(
        {**d["research_log"][0], "entity_id": "hami-psb", "searched_on": "2026-11-01",
         "where_searched": "Public archives", "looked_for": "Older reports.", "outcome": "Nothing."}
    )  # fmt: skip
    return d


@pytest.fixture(scope="module")
def ds(tmp_path_factory):
    return load_dataset(write_dataset(tmp_path_factory.mktemp("roles") / "ds", role_tables()))


def ids(df: pd.DataFrame) -> list[str]:
    return df["entity_id"].tolist()


@pytest.mark.parametrize(
    ("role", "tech", "expected"),
    [
        (["operates"], [], ["xuar-psb", "kashgar-psb"]),
        (["procures"], [], ["changji-psb"]),
        (["operates"], ["facial-recognition"], ["xuar-psb"]),
        (["operates", "procures"], ["facial-recognition"], ["xuar-psb", "changji-psb"]),
        ([], ["facial-recognition"], ["xuar-psb", "changji-psb", "sensetime"]),
        # SenseTime supplies video surveillance and develops facial recognition: it does not supply the latter.
        (["supplies"], ["facial-recognition"], []),
        (["supplies"], [], ["hikvision", "sensetime"]),
        (["develops"], ["video-surveillance", "facial-recognition"], ["sensetime"]),
    ],
)
def test_role_filter_combines_with_technology_link_by_link(ds, role, tech, expected):
    assert ids(filter_entities(ds, Filters(role=role, tech=tech))) == expected


def test_role_filter_combines_with_kind(ds):
    assert ids(filter_entities(ds, Filters(role=["operates"], kind=["company"]))) == []
    assert ids(filter_entities(ds, Filters(role=["operates"], kind=["government-bureau"]))) == [
        "xuar-psb",
        "kashgar-psb",
    ]


def test_role_param_is_validated(ds):
    f, notes = parse_filters(ds, {"role": "operates,flies,operates, procures", "tech": "facial-recognition"})
    assert f.role == ["operates", "procures"] and f.tech == ["facial-recognition"]
    assert notes == ["Ignored 1 unknown value(s) for 'role'. Valid values: develops, supplies, operates, procures."]
    f, notes = parse_filters(ds, {"role": "Operates"})
    assert f.role == [] and len(notes) == 1
    assert Filters(tech=["x"], role=["operates"], kind=["company"]).to_params() == {
        "kind": "company",
        "tech": "x",
        "role": "operates",
    }
    assert parse_filters(ds, Filters(role=["procures"]).to_params()) == (Filters(role=["procures"]), [])


def test_entity_table_roles(ds):
    t = entity_table(ds).set_index("entity_id")
    assert t.loc["changji-psb", "links"] == [("facial-recognition", "procures")]
    assert t.loc["changji-psb", "roles"] == "Facial recognition: procures"
    assert t.loc["hami-psb", "links"] == [] and t.loc["hami-psb", "roles"] == ""
    assert (t.loc["kashgar-psb", "figures"], t.loc["changji-psb", "figures"], t.loc["hami-psb", "figures"]) == (2, 1, 0)


def test_exports_carry_roles(ds):
    rows = filter_entities(ds, Filters(role=["operates", "procures"]))
    flat = export_frame(ds, rows, [], ["procures"]).set_index("entity_id")
    assert flat.loc["changji-psb", "technology_roles"] == "facial-recognition:procures"
    assert flat.loc["changji-psb", "technology_sources"].startswith("Facial recognition (procures): ")
    assert flat.loc["kashgar-psb", "technology_sources"] == ""  # it operates, the export asked for procures
    assert "technology_sources" not in export_frame(ds, rows).columns
    doc = json.loads(export_json(ds, rows, Filters(role=["operates"])))
    assert doc["view"] == {"role": "operates"}
    by_id = {e["entity_id"]: e for e in doc["entities"]}
    assert by_id["kashgar-psb"]["technology_roles"] == [{"tech_id": "video-surveillance", "role": "operates"}]
    assert by_id["kashgar-psb"]["technology_links"] == [
        {"tech_id": "video-surveillance", "role": "operates", "source_ids": ["fr-2019-22210"]}
    ]
    assert by_id["changji-psb"]["technology_links"] == []
    plain = json.loads(export_json(ds, rows, Filters()))["entities"][0]
    assert "technology_links" not in plain and plain["technology_roles"] == [
        {"tech_id": "facial-recognition", "role": "operates"}
    ]


def test_matrix_cells_name_the_roles(ds):
    assert matrix_roles([("a", "develops"), ("a", "supplies"), ("c", "operates")], ["a", "b", "c"]) == [
        "develops<br>supplies",
        "",
        "operates",
    ]
    rows = filter_entities(ds, Filters(kind=["government-bureau"], tech=["facial-recognition", "video-surveillance"]))
    fig = tech_matrix(rows, {"video-surveillance": "Video", "facial-recognition": "Faces"})
    assert list(fig.data[0].y) == ["Xuar Psb", "Changji Psb", "Kashgar Psb"]
    assert [list(r) for r in fig.data[0].text] == [["", "operates"], ["", "procures"], ["operates", ""]]


@pytest.mark.parametrize(
    ("value", "qualifier", "unit", "text"),
    [
        (30000.0, "about", "cameras", "about 30,000 cameras"),
        (40.0, "exact", "percent", "40 percent"),
        (53000000.0, "exact", "US dollars", "US$53,000,000"),
        (1000.0, "more-than", "people", "more than 1,000 people"),
        (10.0, "nearly", "percent", "nearly 10 percent"),
        (1000.0, "up-to", "people", "up to 1,000 people"),
        (10000.0, "at-least", "people", "at least 10,000 people"),
        (2.5, "exact", "people", "2.5 people"),
    ],
)
def test_figure_text(value, qualifier, unit, text):
    assert figure_text(value, qualifier, unit) == text


def test_evidence_by_scope_excludes_responses_and_sorts_by_date(ds):
    groups = evidence_by_scope(ds, "kashgar-psb")
    assert list(groups) == ["entity", "jurisdiction"]
    assert groups["entity"]["claim_id"].tolist() == ["kashgar-bulletin"]
    assert groups["jurisdiction"]["claim_id"].tolist() == ["kashgar-early", "kashgar-camps"]
    assert [len(g) for g in evidence_by_scope(ds, "hami-psb").values()] == [0, 0]


def test_claim_date_keeps_the_source_precision(ds):
    c = ds.claims.set_index("claim_id")
    assert claim_date(ds, c.loc["kashgar-bulletin", "date"], "month-only") == "Jul 2019"
    assert claim_date(ds, c.loc["kashgar-early", "date"], "year-only") == "2016"
    assert claim_date(ds, c.loc["kashgar-camps", "date"], "fr-2019-22210") == "09 May 2018"  # dates differ: day
    assert claim_date(ds, pd.Timestamp("2019-10-09"), "nowhere;fr-2019-22210") == "09 Oct 2019"


def test_figures_by_prefecture(ds):
    got = jurisdiction_figures(ds, "kashgar-psb")
    assert got["figure_id"].tolist() == ["kashgar-00", "kashgar-01"]  # by year: 2016, then 2017
    assert got["figure"].tolist() == ["about 949 police stations", "11,165 people"]
    assert figure_counts(ds)["kashgar-psb"] == 2 and figure_counts(ds)["yitu"] == 0
    table = figures_table(ds, ["changji-psb", "kashgar-psb"])
    assert table["entity"].tolist() == ["Changji Psb", "Kashgar Psb", "Kashgar Psb"]
    assert table.iloc[0].to_dict() == {
        "entity": "Changji Psb",
        "measure": "project value",
        "figure": "US$53,000,000",
        "year": 2017,
        "note": "",
        "sources": "Bureau of Industry and Security (09 Oct 2019)",
    }
    assert table.iloc[1]["sources"] == "Example (2016); Example (Jul 2019)"
    assert list(figures_table(ds, ["hami-psb"]).columns) == ["entity", "measure", "figure", "year", "note", "sources"]


def test_research_lines(ds):
    assert research_lines(ds, "yitu") == []
    assert research_lines(ds, "aksu-psb") == [
        "Searched on 02 Dec 2026 in public web pages. Looked for: Reporting on the bureau and its area. "
        "Outcome: Nothing specific was found."
    ]
    # Two searches, oldest first.
    assert research_lines(ds, "hami-psb") == [
        "Searched on 01 Nov 2026 in public archives. Looked for: Older reports. Outcome: Nothing.",
        "Searched on 02 Dec 2026 in public web pages. Looked for: Reporting on the bureau and its area. "
        "Outcome: Nothing specific was found.",
    ]


def test_claim_date_reads_every_source_of_the_claim(ds):
    # The second source dates the claim to the month: the first, unknown, must not hide it.
    assert claim_date(ds, pd.Timestamp("2019-07-01"), "nowhere;month-only") == "Jul 2019"
    assert claim_date(ds, pd.Timestamp("2016-01-01"), "fr-2019-22210;year-only") == "2016"


def test_role_ids_follow_the_role_order_not_the_alphabet(tmp_path):
    d = role_tables()
    d["entity_technologies"].append(
        {"entity_id": "hikvision", "tech_id": "facial-recognition", "role": "operates", "note": "Runs.",
         "source_ids": "fr-2019-22210"}
    )  # fmt: skip
    t = entity_table(load_dataset(write_dataset(tmp_path / "ds", d))).set_index("entity_id")
    assert t.loc["hikvision", "role_ids"] == ["supplies", "operates"]  # develops, supplies, operates, procures


def test_evidence_on_one_day_keeps_the_dataset_order(tmp_path):
    """More than 16 claims on one date: numpy's default sort is no longer stable there, the profile's order is."""
    d = role_tables()
    claim = {"disputed_by": "", "hedge": "according-to", "claim_type": "evidence", "entity_id": "hami-psb",
             "date": "2019-07-01", "scope": "entity", "source_ids": "month-only"}  # fmt: skip
    names = [f"hami-{n:02d}" for n in (7, 3, 19, 1, 12, 5, 16, 9, 2, 14, 18, 0, 11, 6, 15, 4, 10, 17, 8, 13)]
    d["claims"] += [{**claim, "claim_id": c, "statement": f"Claim {c}."} for c in names]
    groups = evidence_by_scope(load_dataset(write_dataset(tmp_path / "ds", d)), "hami-psb")
    assert groups["entity"]["claim_id"].tolist() == names
    assert list(groups["entity"].index) == list(range(len(names)))


def test_scoped_frames_keep_the_table_columns(ds):
    for group in evidence_by_scope(ds, "kashgar-psb").values():
        assert list(group.columns) == list(ds.claims.columns)
    figures = jurisdiction_figures(ds, "kashgar-psb")
    assert list(figures.columns) == [*ds.jurisdiction_figures.columns, "figure"]
    assert list(figures.index) == [0, 1]


def test_link_sources_keep_the_dataset_order_within_a_technology(tmp_path):
    """Six technologies in three roles each (18 links, more than numpy's stable small-array sort covers): in
    technology order as asked, and within one technology in the order of the table."""
    d = role_tables()
    techs = ["video-surveillance", "facial-recognition", "tech-a", "tech-b", "tech-c", "tech-d"]
    d["technologies"] += [{**d["technologies"][0], "tech_id": t, "name": t.title()} for t in techs[2:]]
    three = ["operates", "develops", "supplies"]  # a company may not procure
    roles = {t: three[n % 3 :] + three[: n % 3] for n, t in enumerate(techs)}
    d["entity_technologies"] = [r for r in d["entity_technologies"] if r["entity_id"] != "yitu"] + [
        {"entity_id": "yitu", "tech_id": t, "role": r, "note": "Link.", "source_ids": "fr-2019-22210"}
        for t in reversed(techs)
        for r in roles[t]
    ]
    got = link_sources(load_dataset(write_dataset(tmp_path / "ds", d)), "yitu", techs)
    assert [(t, r) for t, r, _ in got] == [(t, r) for t in techs for r in roles[t]]
