"""The Chokepoints chart builders return figures holding the data they were given (no streamlit)."""

from __future__ import annotations

import pandas as pd
import pytest

from components import chip_charts as cc

SHARE_COLS = ["measure", "stage", "segment", "region", "share_pct", "year", "source_ids"]


def shares(rows: list[tuple]) -> pd.DataFrame:
    df = pd.DataFrame(rows, columns=SHARE_COLS)
    return df.astype({"share_pct": "float64", "year": "Int64"})


def china(rows: list[tuple]) -> pd.DataFrame:
    df = pd.DataFrame(rows, columns=["indicator", "year", "value", "note", "source_ids"])
    return df.astype({"value": "float64", "year": "Int64"})


def inputs(rows: list[tuple]) -> pd.DataFrame:
    cols = ["input_id", "entity_id", "supplier", "component", "hedge", "statement", "year", "source_ids"]
    return pd.DataFrame(rows, columns=cols).astype({"year": "Int64"})


def events(rows: list[tuple]) -> pd.DataFrame:
    cols = ["event_id", "date", "date_precision", "category", "title", "description", "entity_ids", "source_ids"]
    df = pd.DataFrame(rows, columns=cols)
    df["date"] = pd.to_datetime(df["date"])
    return df


VA = shares(
    [
        ("value-added", "design", "EDA and core IP", "United States", 74, 2019, "s-va"),
        ("value-added", "design", "EDA and core IP", "China", 3, 2019, "s-va"),
        ("value-added", "equipment", "Equipment", "United States", 41, 2019, "s-va"),
        ("value-added", "equipment", "Equipment", "China", 2, 2019, "s-va"),
    ]
)
MS = shares(
    [
        ("market-share", "design", "EDA software", "United States", 96, 2019, "s-ms"),
        ("market-share", "design", "EDA software", "Japan", 3, 2019, "s-ms"),
        ("market-share", "design", "EDA software", "China", 1, 2019, "s-ms"),
        ("market-share", "equipment", "EUV scanners", "Netherlands", 100, 2019, "s-ms"),
        ("market-share", "equipment", "Conductor etch tools", "United States", 84, 2019, "s-ms"),
        ("market-share", "equipment", "Conductor etch tools", "Japan", 16, 2019, "s-ms"),
        ("market-share", "equipment", "Dielectric etch tools", "Japan", 60, 2019, "s-ms"),
        ("market-share", "equipment", "Dielectric etch tools", "United States", 36, 2019, "s-ms;s-other"),
        ("market-share", "design", "Core IP", "United States", 52, 2019, "s-ms"),
        ("market-share", "design", "Core IP", "United Kingdom", 43, 2019, "s-ms"),
        ("market-share", "design", "Core IP", "Other", 2, 2019, "s-ms"),
        ("market-share", "design", "Core IP", "Taiwan", 1, 2019, "s-ms"),
        ("market-share", "materials", "Silicon wafers", "Japan", 56, 2019, "s-ms"),
        ("market-share", "materials", "Silicon wafers", "Germany", 14, 2019, "s-ms"),
        ("market-share", "materials", "Silicon wafers", "South Korea", 10, 2019, "s-ms"),
        ("market-share", "materials", "Silicon wafers", "Israel", 1, 2019, "s-ms"),
    ]
)
CHINA = china(
    [
        ("ic-imports-usd-bn", 2018, 312, "Customs basis.", "s-a"),
        ("ic-imports-usd-bn", 2019, 304, "Customs basis.", "s-b"),
        ("self-sufficiency-pct", 2010, 10.2, "IC Insights.", "s-c"),
        ("self-sufficiency-pct", 2019, 15.7, "IC Insights.", "s-c"),
        ("self-sufficiency-pct", 2025, 19.4, "forecast (IC Insights, January 2021)", "s-c"),
        ("china-hq-share-pct", 2019, 6.1, "", "s-c"),
        ("target-self-sufficiency-pct", 2020, 40, "target set in 2015 (Made in China 2025)", "s-d"),
        ("target-self-sufficiency-pct", 2025, 70, "target set in 2015 (Made in China 2025)", "s-d"),
        ("ic-market-usd-bn", 2019, 125, "", "s-c"),
    ]
)
INPUTS = inputs(
    [
        ("h-intel", "hikvision", "Intel", "processors", "reportedly", "Reportedly Intel.", 2019, "s-1"),
        ("h-nvidia", "hikvision", "NVIDIA", "GPUs", "reportedly", "Reportedly NVIDIA.", 2019, "s-1;s-2"),
        ("d-intel", "dahua", "Intel", "processors", "reportedly", "Reportedly Intel.", 2019, "s-1"),
        ("x-xilinx", "hikvision", "Xilinx", "FPGAs", "according-to", "Per a column.", 2018, "s-3"),
        ("m-unnamed", "megvii", "unnamed", "x86 servers", "stated", "CEO said.", 2019, "s-4"),
    ]
)
EVENTS = events(
    [
        ("listing", "2019-10-09", "day", "listing", "Rule published", "The rule.", "", "s-fr"),
        ("el-2020", "2020-06-05", "day", "entity-list", "Nine more listed", "More.", "", "s-e1"),
        ("chips-2022", "2022-10-07", "day", "chips", "Chip controls", "Controls.", "", "s-e2"),
        ("chips-2023", "2023-10-01", "month", "chips", "Chip controls tightened", "Tighter.", "", "s-e3"),
        ("ban", "2021-12-10", "day", "investment-ban", "Investment ban", "Ban.", "sensetime", "s-e4"),
    ]
)
NAMES = {"hikvision": "Hikvision", "dahua": "Dahua", "megvii": "Megvii"}


def texts(fig) -> list[str]:
    return [t for tr in fig.data for t in (tr.text if tr.text is not None and not isinstance(tr.text, str) else [])]


def annotation_texts(fig) -> list[str]:
    return [a.text for a in fig.layout.annotations]


# ---------------------------------------------------------------- helpers


def test_source_ids_are_distinct_and_ordered():
    assert cc.source_ids(MS) == ["s-ms", "s-other"]
    assert cc.source_ids(MS.iloc[0:0]) == []


@pytest.mark.parametrize(("years", "expected"), [([2019, 2019], "2019"), ([2020, 2018, 2019], "2018–2020"), ([], "")])
def test_year_span(years, expected):
    assert cc.year_span(years) == expected


@pytest.mark.parametrize("region", ["United States", "USA", "U.S.", " united states "])
def test_us_spellings(region):
    assert cc.is_us(region)
    assert cc.region_label(region) == "U.S."


# ---------------------------------------------------------------- region shares


def test_value_added_grouped_with_us_first_and_labelled():
    fig, table = cc.region_shares(pd.concat([VA, MS]), "value-added")
    assert fig.layout.barmode == "group"
    assert [t.name for t in fig.data] == ["United States", "China"]
    us = fig.data[0]
    assert list(us.x) == [74, 41]
    assert list(us.y) == ["EDA and core IP", "Equipment"]
    assert "U.S. 74%" in us.text and "U.S. 41%" in us.text
    assert "China 3%" in fig.data[1].text
    # The other measure never leaks into this chart.
    assert set(table["Segment"]) == {"EDA and core IP", "Equipment"}
    assert len(table) == 4
    assert "2019" in fig.layout.title.text and "value added" in fig.layout.title.text


def test_market_share_stacked_keeps_measures_apart_and_groups_small_regions():
    fig, table = cc.region_shares(pd.concat([VA, MS]), "market-share", max_regions=4)
    assert fig.layout.barmode == "stack"
    names = [t.name for t in fig.data]
    assert names[0] == "United States"
    assert names[-1] == "Other regions"
    assert len(names) == 5  # four named regions + the rest
    assert "EDA and core IP" not in set(table["Segment"])
    assert len(table) == len(MS)  # the table keeps every region
    # Shares of a segment still add up in the chart after grouping.
    core = {t.name: dict(zip(t.y, t.x, strict=True)).get("Core IP", 0) for t in fig.data}
    assert sum(core.values()) == pytest.approx(98)
    # Segments follow the supply chain: design before equipment before materials.
    order = list(fig.layout.yaxis.categoryarray)
    assert order.index("EDA software") < order.index("EUV scanners") < order.index("Silicon wafers")


def test_region_shares_patterns_overlay_so_colour_is_kept():
    fig, _ = cc.region_shares(MS, "market-share")
    for tr in fig.data:
        assert tr.marker.pattern.fillmode == "overlay"
        assert all(isinstance(t, str) and t.endswith("%") for t in tr.text)


def test_region_shares_empty_and_single_row():
    fig, table = cc.region_shares(MS, "value-added")
    assert len(fig.data) == 0 and cc.NO_DATA in annotation_texts(fig)
    assert table.empty
    fig, table = cc.region_shares(MS.iloc[0:0], "market-share")
    assert cc.NO_DATA in annotation_texts(fig)
    fig, table = cc.region_shares(VA.iloc[:1], "value-added")
    assert len(fig.data) == 1 and list(fig.data[0].text) == ["U.S. 74%"]
    assert len(table) == 1


# ---------------------------------------------------------------- U.S. majority


def test_us_majority_filters_and_sorts():
    fig, table = cc.us_majority(pd.concat([VA, MS]))
    assert len(fig.data) == 1
    bar = fig.data[0]
    assert list(bar.y) == ["EDA software", "Conductor etch tools", "Core IP"]  # 36% and the VA rows are out
    assert list(bar.x) == [96, 84, 52]
    assert list(bar.text) == ["U.S. 96%", "U.S. 84%", "U.S. 52%"]
    assert list(table["Next largest"]) == ["Japan 3%", "Japan 16%", "United Kingdom 43%"]
    assert "50%" in fig.layout.title.text


def test_us_majority_threshold_empty_and_single():
    fig, _ = cc.us_majority(MS, threshold=90)
    assert list(fig.data[0].y) == ["EDA software"]
    assert list(fig.data[0].customdata[0]) == ["Japan 3%"]
    fig, table = cc.us_majority(VA)
    assert len(fig.data) == 0 and cc.NO_DATA in annotation_texts(fig) and table.empty
    fig, table = cc.us_majority(MS.iloc[0:0])
    assert cc.NO_DATA in annotation_texts(fig)
    fig, table = cc.us_majority(MS.iloc[[0]])
    assert list(table["Next largest"]) == ["none listed"]


# ---------------------------------------------------------------- China


def test_china_imports_bars():
    fig, table = cc.china_imports(CHINA)
    assert len(fig.data) == 1
    assert list(fig.data[0].x) == ["2018", "2019"]
    assert list(fig.data[0].y) == [312, 304]
    assert list(fig.data[0].text) == ["$312bn", "$304bn"]
    assert list(table["Imports (US$ bn)"]) == [312, 304]
    assert "Customs basis." in set(table["Note"])


def test_china_imports_empty_and_single():
    fig, table = cc.china_imports(CHINA[CHINA["indicator"] == "ic-market-usd-bn"])
    assert len(fig.data) == 0 and cc.NO_DATA in annotation_texts(fig) and table.empty
    fig, _ = cc.china_imports(CHINA.iloc[[1]])
    assert list(fig.data[0].y) == [304]


def test_self_sufficiency_marks_forecast_and_targets():
    fig, table = cc.self_sufficiency(CHINA)
    by_name = {t.name: t for t in fig.data}
    actual = by_name["China-located production"]
    assert list(actual.x) == [2010, 2019] and list(actual.y) == [10.2, 15.7]
    forecast = by_name["China-located production: forecast"]
    assert forecast.line.dash == "dash"
    assert forecast.marker.symbol == "circle-open"
    assert list(forecast.x) == [2019, 2025]  # continues from the last measured year
    assert any("forecast" in t for t in forecast.text)
    target = by_name["Made in China 2025 target"]
    assert target.marker.symbol == "star" and list(target.y) == [40, 70]
    assert by_name["Made by China-headquartered firms"].marker.symbol == "square"
    assert "Made in China 2025 target" in set(table["Series"])
    assert "China-located production (forecast)" in set(table["Series"])
    assert "ic-imports-usd-bn" not in set(table["Series"])


def test_self_sufficiency_empty_and_single():
    fig, table = cc.self_sufficiency(CHINA[CHINA["indicator"] == "ic-imports-usd-bn"])
    assert len(fig.data) == 0 and cc.NO_DATA in annotation_texts(fig) and table.empty
    fig, _ = cc.self_sufficiency(CHINA[CHINA["indicator"] == "self-sufficiency-pct"].iloc[[1]])
    assert len(fig.data) == 1 and list(fig.data[0].y) == [15.7]
    only_forecast = CHINA[CHINA["note"].str.startswith("forecast")]
    fig, _ = cc.self_sufficiency(only_forecast)
    assert len(fig.data) == 1 and fig.data[0].line.dash == "dash"


# ---------------------------------------------------------------- Sankey


def test_sankey_nodes_and_links():
    fig, table = cc.supplier_sankey(INPUTS, NAMES)
    sk = fig.data[0]
    labels = list(sk.node.label)
    # 4 suppliers (Intel, NVIDIA, Xilinx, unnamed) + 4 components + 3 companies.
    assert len(labels) == 11
    assert {"Intel", "NVIDIA", "Xilinx", "Unnamed U.S. supplier", "Hikvision", "Dahua", "Megvii"} <= set(labels)
    # Supplier→component: Intel→processors (2 reports), NVIDIA→GPUs, Xilinx→FPGAs, unnamed→x86 servers;
    # component→company: processors→Dahua, processors→Hikvision, GPUs→Hikvision, FPGAs→Hikvision, x86→Megvii.
    assert len(sk.link.source) == 9
    assert sum(sk.link.value) == 2 * len(INPUTS)
    intel = labels.index("Intel")
    i = list(sk.link.source).index(intel)
    assert sk.link.value[i] == 2
    assert "2019" in sk.link.customdata[i] and "Hikvision" in sk.link.customdata[i]
    assert any("2018" in c for c in sk.link.customdata)
    assert len(table) == len(INPUTS)
    assert set(table["Company"]) == {"Hikvision", "Dahua", "Megvii"}


def test_sankey_empty_and_single():
    fig, table = cc.supplier_sankey(INPUTS.iloc[0:0], NAMES)
    assert len(fig.data) == 0 and cc.NO_DATA in annotation_texts(fig) and table.empty
    fig, table = cc.supplier_sankey(INPUTS.iloc[[0]])
    sk = fig.data[0]
    assert list(sk.node.label) == ["Intel", "processors", "hikvision"]  # falls back to the id without names
    assert len(sk.link.source) == 2 and len(table) == 1


# ---------------------------------------------------------------- timeline


def test_later_rules_timeline():
    fig, table = cc.later_rules(EVENTS)
    assert [t.name for t in fig.data] == ["Chip export rules", "Further Entity List action"]
    assert len(fig.data[0].x) == 2 and len(fig.data[1].x) == 1
    assert list(table["Event"]) == ["Nine more listed", "Chip controls", "Chip controls tightened"]
    assert list(table["Date"]) == ["5 Jun 2020", "7 Oct 2022", "Oct 2023"]  # month precision kept
    assert fig.data[0].marker.symbol != fig.data[1].marker.symbol
    assert any("The listing" in t for t in annotation_texts(fig))
    assert len(fig.layout.shapes) == 1


def test_later_rules_empty_and_single():
    fig, table = cc.later_rules(EVENTS[EVENTS["category"] == "listing"])
    assert len(fig.data) == 0 and cc.NO_DATA in annotation_texts(fig) and table.empty
    fig, table = cc.later_rules(EVENTS.iloc[[2]], listed_on=None)
    assert len(fig.data) == 1 and len(table) == 1 and len(fig.layout.shapes) == 0


# ---------------------------------------------------------------- company table


def test_company_inputs_table_names_sources():
    sources = pd.DataFrame(
        {
            "source_id": ["s-1", "s-2"],
            "publisher": ["IPVM", "Reuters"],
            "date": pd.to_datetime(["2019-10-07", "2019-10-09"]),
        }
    )
    table = cc.company_inputs_table(INPUTS[INPUTS["entity_id"] == "hikvision"], sources)
    assert list(table.columns) == ["Supplier", "Component", "How the source put it", "Statement", "Year", "Sources"]
    assert list(table["Supplier"]) == ["Xilinx", "Intel", "NVIDIA"]  # by year, then supplier
    assert table.loc[2, "Sources"] == "IPVM (2019); Reuters (2019)"
    assert table.loc[0, "Sources"] == "s-3"  # unknown ids are shown as they are
