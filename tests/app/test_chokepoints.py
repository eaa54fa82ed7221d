"""AppTest of /chokepoints: every chart has a caption, a source line and a table view; ?company= is safe."""

from __future__ import annotations

import json

import pytest

from components import chip_charts as cc
from components.ui import data_dir
from listed.loader import load_dataset
from tests.conftest import run_page

PAGE = "views/chokepoints.py"
CHARTS = 7  # value added, U.S. majority, market share, imports, self-sufficiency, Sankey, timeline
SOURCE_LABELS = ("Figures for ", "Reports from ", "Events of ")


@pytest.fixture(scope="module")
def ds():
    return load_dataset(data_dir())


def elements(at) -> list:
    """Every element of the main area in page order."""
    out = []

    def walk(node):
        children = getattr(node, "children", None)
        if isinstance(children, dict):
            for child in children.values():
                out.append(child)
                walk(child)

    walk(at.main)
    return out


def is_empty_chart(el) -> bool:
    spec = json.loads(el.proto.spec)
    notes = [a.get("text") for a in spec.get("layout", {}).get("annotations", [])]
    return "No data" in notes and not spec.get("data")


def texts(at) -> list[str]:
    return [e.value for kind in ("markdown", "caption", "info", "warning", "subheader", "title") for e in at.get(kind)]


def test_page_renders_every_chart_with_caption_source_and_table():
    at = run_page(PAGE)
    assert not at.exception, [e.value for e in at.exception]
    charts = at.get("plotly_chart")
    assert len(charts) == CHARTS
    els = elements(at)
    for i, el in enumerate(els):
        if el.type != "plotly_chart":
            continue
        follow = els[i + 1 : i + 5]
        assert follow[0].type == "caption", f"chart {el.proto.id or i} has no caption"
        assert len(follow[0].value) > 40  # a sentence in plain words, not a label
        if not is_empty_chart(el):
            line = follow[1]
            assert line.type == "caption" and line.value.startswith(SOURCE_LABELS), line.value
            assert "Sources: [" in line.value and "](https://" in line.value
        assert any(f.type == "expander" and f.proto.label == "Table view of this chart" for f in follow)
    expanders = [e for e in at.expander if e.label == "Table view of this chart"]
    assert len(expanders) == CHARTS
    assert at.header.values == ["Where the chokepoints are", "China's dependence", "The listed companies",
                                "What changed after", "Caveats"]  # fmt: skip
    assert not at.info  # no notice without URL parameters


def test_table_views_are_built_when_opened():
    """The chart table views are sent only when opened; opened, each holds the chart's rows (or says it has none)."""
    at = run_page(PAGE)
    assert not [t for t in at.main.get("table") if "Company" in t.value.columns or "Region" in t.value.columns]
    closed = [e for e in at.expander if e.label == "Table view of this chart"]
    assert len(closed) == CHARTS
    assert not any(e.get("table") for e in closed)
    for key in ("chk_value_added_table", "chk_us_majority_table", "chk_market_share_table", "chk_imports_table",
                "chk_self_sufficiency_table", "chk_sankey_table", "chk_timeline_table"):  # fmt: skip
        at.session_state[key] = True
    at.run()
    assert not at.exception
    expanders = [e for e in at.expander if e.label == "Table view of this chart"]
    for exp in expanders:
        inside = exp.get("table")
        assert inside or any("no rows" in m.value for m in exp.get("markdown")), exp.label
        assert all(len(t.value) > 0 for t in inside)
    assert sum(len(e.get("table")) for e in expanders) >= CHARTS - 1


def test_chart_keys_are_prefixed():
    at = run_page(PAGE)
    keys = [c.proto.id for c in at.get("plotly_chart")]
    assert all("chk_" in k for k in keys), keys


def company_labels(at) -> list[str]:
    """The labels of the per-company expanders, in page order."""
    return [e.label for e in at.expander if e.label != "Table view of this chart"]


def test_all_companies_with_data_are_listed(ds):
    """Overview: one collapsed expander per company with data, its label giving the counts; nothing built inside."""
    at = run_page(PAGE)
    assert at.selectbox(key="chk_company").value == ""
    names = dict(zip(ds.entities["entity_id"], ds.entities["common_name"], strict=True))
    with_data = set(ds.company_inputs["entity_id"]) | set(ds.company_responses["entity_id"])
    labels = company_labels(at)
    assert len(labels) == len(with_data)
    for eid in with_data:
        label = next(lab for lab in labels if lab.startswith(f"**{names[eid]}**"))
        n = int((ds.company_inputs["entity_id"] == eid).sum())
        assert (f"{n} reported U.S. input" in label) if n else ("no sourced U.S. input" in label)
    assert not company_tables(at)
    # Opened, each holds its table of reported inputs (one per company with inputs).
    for eid in with_data:
        at.session_state[f"chk_co_{eid}"] = True
    at.run()
    assert not at.exception
    assert len(company_tables(at)) == ds.company_inputs["entity_id"].nunique()


def company_tables(at):
    """The per-company input tables (the chart table views are tables too, inside expanders)."""
    return [t for t in at.main.get("table") if "Supplier" in t.value.columns and "Company" not in t.value.columns]


def test_company_param_focuses_the_table(ds):
    at = run_page(PAGE, {"company": "hikvision"})
    assert not at.exception
    assert not at.info
    assert at.selectbox(key="chk_company").value == "hikvision"
    name = ds.entities.set_index("entity_id").loc["hikvision", "common_name"]
    others = set(ds.entities.loc[ds.entities["kind"] == "company", "common_name"]) - {name}
    labels = company_labels(at)
    assert len(labels) == 1 and labels[0].startswith(f"**{name}**")
    assert not any(o in lab for o in others for lab in labels)
    assert len(at.get("plotly_chart")) == CHARTS
    n_inputs = int((ds.company_inputs["entity_id"] == "hikvision").sum())
    assert len(company_tables(at)) == (1 if n_inputs else 0)


@pytest.mark.parametrize(
    "params",
    [
        {"company": "<script>alert(1)</script>"},
        {"company": "xuar-psb"},  # listed, but not a company
        {"company": "no-such-company"},
        {"company": "x" * 500},
    ],
)
def test_bad_company_shows_a_notice(params):
    at = run_page(PAGE, params)
    assert not at.exception
    assert len(at.info) == 1
    assert "not one of the eight listed companies" in at.info[0].value
    assert at.selectbox(key="chk_company").value == ""
    assert not any("<script" in t for t in texts(at))
    assert len(at.get("plotly_chart")) == CHARTS


def test_unknown_param_is_ignored_with_a_notice():
    at = run_page(PAGE, {"colour": "red"})
    assert not at.exception
    assert any("unknown URL parameter" in i.value for i in at.info)


def test_choosing_a_company_updates_the_url(ds):
    at = run_page(PAGE)
    at.selectbox(key="chk_company").set_value("dahua").run()
    assert not at.exception
    assert at.query_params.get("company") in ("dahua", ["dahua"])
    name = ds.entities.set_index("entity_id").loc["dahua", "common_name"]
    assert [lab.split("**")[1] for lab in company_labels(at)] == [name]
    assert any(e.proto.expanded for e in at.expander if e.label.startswith(f"**{name}**"))
    at.selectbox(key="chk_company").set_value("").run()
    assert "company" not in at.query_params


def test_the_caveats_fill_in_the_design_software_example_from_the_data(ds):
    # The caveats are data/page_texts.csv's; the example's two figures are the dataset's U.S. shares of design
    # software (market share) and of design software with core IP (value added).
    shares = ds.chip_shares
    us = shares[shares["region"].map(cc.is_us)].set_index(["measure", "segment"])["share_pct"]
    ms, va = us[("market-share", "EDA software")], us[("value-added", "EDA and core IP")]
    caveats = next(m.value for m in run_page(PAGE).markdown if m.value.startswith("- **Value added is not"))
    assert (
        f"for the same thing (design software is {ms:g}% U.S. by market share, but design software and core IP "
        f"together are {va:g}% U.S. by value added), so they are never mixed in one chart." in caveats
    )
