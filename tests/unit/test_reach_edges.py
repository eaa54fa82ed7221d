"""Beyond China, edge cases: exact orders, columns, notices and export layouts of listed/reach.py, with the expected
values worked out from the CSV files (or a small hand-made dataset) rather than from the functions under test."""

from __future__ import annotations

import copy
import csv
import io
import json

import pandas as pd
import pytest

from listed import reach
from listed.loader import load_dataset
from tests.fixtures import DATA, tables, write_dataset

INDEX_COLS = [
    "country",
    "country_iso3",
    "region",
    "supplier_id",
    "supplier",
    "listed",
    "entity_id",
    "technologies",
    "bri",
    "source_ids",
]
DEPLOYMENT_COLS = [
    "country",
    "country_iso3",
    "supplier_id",
    "supplier",
    "listed",
    "entity_id",
    "what",
    "year",
    "hedge",
    "source_ids",
]
EXPORT_COLS = ["layer", *INDEX_COLS[:-1], "what", "year", "hedge", "source_ids", "source_urls"]
COUNT_COLS = ["supplier_id", "supplier", "listed", "countries"]

NO_SUPPLIER = "That link names no Chinese supplier in the dataset, so all suppliers are shown."
BAD_LISTED = "The listed-companies switch in that link was not understood (use listed=1), so it is off."
NO_COUNTRY = "That link names no country on this page (use a three-letter ISO code such as KEN)."

ACCENTED = "Cámaras en São Paulo’s stations — 摄像头."


def _csv(name: str) -> pd.DataFrame:
    return pd.read_csv(DATA / f"{name}.csv", dtype=str, keep_default_na=False)


@pytest.fixture(scope="module")
def ds():
    return load_dataset()


@pytest.fixture(scope="module")
def abroad_only(tmp_path_factory):
    """The hand-made dataset without China in either layer, without Huawei in the index, and with a deployment
    described in accented and Chinese text."""
    data = copy.deepcopy(tables())
    data["aigs_countries"] = [r for r in data["aigs_countries"] if r["country_iso3"] != "CHN"]
    data["aigs_companies"] = [
        r for r in data["aigs_companies"] if r["country_iso3"] != "CHN" and r["supplier_id"] != "huawei"
    ]
    data["global_reach"][0]["what"] = ACCENTED
    return load_dataset(write_dataset(tmp_path_factory.mktemp("reach") / "ds", data))


def _chinese() -> pd.DataFrame:
    sup = _csv("suppliers")
    return sup[sup["origin"] == "china"]


def _url(source_id: str) -> str:
    row = _csv("sources").set_index("source_id").loc[source_id]
    return row["url"] or row["copy_url"]


# --- suppliers and countries --------------------------------------------------------------------------------------


def test_chinese_suppliers_are_sorted_by_name_with_a_fresh_index_and_no_extra_column(ds):
    want = _chinese().sort_values("name")
    got = reach.chinese_suppliers(ds)
    assert list(got.columns) == [*ds.suppliers.columns, "listed"]
    assert got.index.tolist() == list(range(len(want)))
    assert got["supplier_id"].tolist() == want["supplier_id"].tolist()
    assert got["listed"].tolist() == (want["entity_id"] != "").tolist()


def test_supplier_options_put_listed_companies_first_then_the_rest_each_by_name(ds):
    used = set(_csv("aigs_companies")["supplier_id"]) | set(_csv("global_reach")["supplier_id"])
    sup = _chinese()
    sup = sup[sup["supplier_id"].isin(used)]
    listed = sup[sup["entity_id"] != ""].sort_values("name")
    others = sup[sup["entity_id"] == ""].sort_values("name")
    want = dict(zip(pd.concat([listed, others])["supplier_id"], pd.concat([listed, others])["name"], strict=True))
    got = reach.supplier_options(ds)
    assert list(got.items()) == list(want.items())
    assert list(got) == ["dahua", "hikvision", "megvii", "sensetime", "yitu", "ceiec", "cloudwalk", "huawei", "zte"]


def test_country_options_are_sorted_by_name_not_by_code(ds):
    names = dict(zip(_csv("aigs_countries")["country_iso3"], _csv("aigs_countries")["country"], strict=True))
    for iso, name in zip(_csv("global_reach")["country_iso3"], _csv("global_reach")["country"], strict=True):
        names.setdefault(iso, name)
    del names["CHN"]
    got = reach.country_options(ds)
    assert list(got.items()) == sorted(names.items(), key=lambda kv: kv[1])
    assert list(got)[:2] == ["DZA", "ARG"]  # Algeria before Argentina, though ARG < DZA


def test_country_options_without_china_in_the_data(abroad_only):
    assert list(reach.country_options(abroad_only).items()) == [("CAN", "Canada"), ("ECU", "Ecuador")]


# --- parse_view ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "want"),
    [("yitu", "yitu"), ("CloudWalk", "cloudwalk"), ("cloudwalk technology", "cloudwalk"), ("CEIEC", "ceiec")],
)
def test_parse_view_accepts_the_id_as_well_as_the_name(ds, raw, want):
    assert reach.parse_view(ds, {"supplier": raw}) == (reach.ReachView(supplier=want), [])


def test_parse_view_supplier_length_limit_is_200_characters_inclusive(ds):
    at_limit = "hik" + " " * 191 + "vision"  # spacing inside a name is ignored, so this still names Hikvision
    assert len(at_limit) == 200
    assert reach.parse_view(ds, {"supplier": at_limit}) == (reach.ReachView(supplier="hikvision"), [])
    over = "hik" + " " * 192 + "vision"
    assert reach.parse_view(ds, {"supplier": over}) == (reach.ReachView(), [NO_SUPPLIER])


def test_parse_view_notices_are_worded_and_ordered(ds):
    view, notes = reach.parse_view(ds, {"supplier": "acme", "listed": "yes", "country": "XYZ"})
    assert view == reach.ReachView()
    assert notes == [NO_SUPPLIER, BAD_LISTED, NO_COUNTRY]
    assert reach.parse_view(ds, {"country": "CHN"})[1] == [NO_COUNTRY]


def test_parse_view_listed_zero_is_understood_as_off(ds):
    assert reach.parse_view(ds, {"listed": "0"}) == (reach.ReachView(), [])
    assert reach.parse_view(ds, {"listed": " 0 "}) == (reach.ReachView(), [])


# --- rows and counts ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("view", [reach.ReachView(), reach.ReachView(supplier="dahua"), reach.ReachView(country="ZWE")])
def test_index_and_deployment_rows_have_exactly_their_columns_and_a_fresh_index(ds, view):
    index = reach.index_rows(ds, view)
    assert list(index.columns) == INDEX_COLS
    assert index.index.tolist() == list(range(len(index))) and len(index)
    dep = reach.deployment_rows(ds, view)
    assert list(dep.columns) == DEPLOYMENT_COLS
    assert dep.index.tolist() == list(range(len(dep))) and len(dep)


def test_supplier_counts_order_ties_by_name_and_columns(ds):
    china = _chinese()
    comp = _csv("aigs_companies")
    comp = comp[(comp["country_iso3"] != "CHN") & comp["supplier_id"].isin(china["supplier_id"])]
    per = comp.groupby("supplier_id")["country_iso3"].nunique()
    names = china.set_index("supplier_id")["name"]
    want = sorted(per.index, key=lambda s: (-per[s], names[s]))
    got = reach.supplier_counts(reach.index_rows(ds))
    assert list(got.columns) == COUNT_COLS
    assert got.index.tolist() == list(range(len(want)))
    assert got["supplier_id"].tolist() == want
    assert got["countries"].tolist() == [int(per[s]) for s in want]
    # three suppliers named in one country each: alphabetical among themselves
    assert got["supplier"].tolist()[-3:] == ["CloudWalk Technology", "Megvii", "SenseTime"]


def test_supplier_counts_of_no_rows_keeps_the_columns(ds):
    empty = reach.supplier_counts(reach.index_rows(ds, reach.ReachView(supplier="zte", country="KEN")))
    assert empty.empty and list(empty.columns) == COUNT_COLS


def test_index_summary_counts_zero_for_huawei_when_the_index_never_names_it(abroad_only):
    assert reach.index_summary(abroad_only) == {
        "countries": 2,
        "china_ticked": 1,
        "china_ticked_abroad": 1,
        "china_ticked_abroad_bri": 0,
        "named_abroad": 1,
        "huawei": 0,
    }


# --- CSV export ---------------------------------------------------------------------------------------------------


def test_source_urls_are_joined_by_one_space(ds):
    ids = ["iafrikan-2019-uganda-huawei", "carnegie-2019-aigs-index"]
    assert reach._source_urls(ds, ";".join(ids)) == f"{_url(ids[0])} {_url(ids[1])}"


def test_export_frame_layout_blanks_and_missing_values(ds):
    view = reach.ReachView(supplier="hikvision")
    index, dep = reach.index_rows(ds, view), reach.deployment_rows(ds, view)
    out = reach.export_frame(ds, index, dep)
    assert list(out.columns) == EXPORT_COLS
    assert out.index.tolist() == list(range(len(index) + len(dep)))
    assert out["layer"].tolist() == ["index"] * len(index) + ["deployment"] * len(dep)
    a, b = out[out["layer"] == "index"], out[out["layer"] == "deployment"]
    assert a["bri"].tolist() == index["bri"].tolist()  # the index's Belt and Road tick is kept
    assert a["what"].tolist() == [""] * len(a) and a["hedge"].tolist() == [""] * len(a)
    assert all(y is pd.NA for y in a["year"])
    assert b["region"].tolist() == [""] * len(b) and b["technologies"].tolist() == [""] * len(b)
    assert all(v is pd.NA for v in b["bri"])
    assert b["what"].tolist() == dep["what"].tolist() and b["year"].tolist() == dep["year"].tolist()


def test_export_frame_several_sources_give_several_urls(ds):
    dep = reach.deployment_rows(ds, reach.ReachView(country="UGA"))
    ids = [s for s in _csv("global_reach").set_index("country_iso3").loc["UGA", "source_ids"].split(";") if s]
    assert len(ids) > 1
    out = reach.export_frame(ds, reach.index_rows(ds, reach.ReachView(country="UGA")), dep)
    assert out.loc[out["layer"] == "deployment", "source_urls"].tolist() == [" ".join(_url(i) for i in ids)]


@pytest.mark.parametrize(("country", "n_index", "n_dep"), [("DZA", 1, 0), ("TZA", 0, 1)])
def test_export_frame_with_one_layer_empty_keeps_the_other(ds, country, n_index, n_dep):
    view = reach.ReachView(country=country)
    index, dep = reach.index_rows(ds, view), reach.deployment_rows(ds, view)
    assert (len(index), len(dep)) == (n_index, n_dep)
    body = reach.to_csv_bytes(reach.export_frame(ds, index, dep)).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(body)))
    assert [r["layer"] for r in rows] == ["index"] * n_index + ["deployment"] * n_dep
    assert [r["country_iso3"] for r in rows] == [country] * (n_index + n_dep)


# --- JSON export --------------------------------------------------------------------------------------------------


def test_json_export_head_keys_and_values(ds):
    meta = json.loads((DATA / "metadata.json").read_text(encoding="utf-8"))
    view = reach.ReachView(listed_only=True)
    doc = json.loads(reach.export_json(ds, reach.index_rows(ds, view), reach.deployment_rows(ds, view), view))
    assert list(doc) == ["dataset", "data_as_of", "license", "view", "index_rows", "deployments"]
    assert doc["dataset"] == meta["title"]
    assert doc["data_as_of"] == meta["data_as_of"]
    assert doc["license"] == meta["license"]["name"]
    assert doc["view"] == {"listed": "1"}


@pytest.mark.parametrize("country", ["UGA", "GBR"])
def test_json_export_lists_every_source_of_a_row(ds, country):
    view = reach.ReachView(country=country)
    doc = json.loads(reach.export_json(ds, reach.index_rows(ds, view), reach.deployment_rows(ds, view), view))
    reach_csv = _csv("global_reach")
    want = sorted(
        [s for s in ids.split(";") if s] for ids in reach_csv.loc[reach_csv["country_iso3"] == country, "source_ids"]
    )
    got = sorted([s["source_id"] for s in r["sources"]] for r in doc["deployments"])
    assert got == want and any(len(ids) > 1 for ids in got)
    titles = _csv("sources").set_index("source_id")["title"]
    assert all(s["title"] == titles[s["source_id"]] for r in doc["deployments"] for s in r["sources"])


def test_json_export_is_indented_by_one_space_and_keeps_non_ascii_text(abroad_only):
    view = reach.ReachView()
    index, dep = reach.index_rows(abroad_only, view), reach.deployment_rows(abroad_only, view)
    body = reach.export_json(abroad_only, index, dep, view)
    text = body.decode("utf-8")
    doc = json.loads(text)
    assert doc["deployments"][0]["what"] == ACCENTED
    assert ACCENTED in text and "\\u" not in text  # written as UTF-8, not escaped
    assert text == json.dumps(doc, ensure_ascii=False, indent=1)
    assert text.startswith('{\n "dataset": ')


def test_json_export_writes_values_json_has_no_type_for_as_text(ds):
    view = reach.ReachView(country="KEN")
    dep = reach.deployment_rows(ds, view).assign(checked=pd.Timestamp("2024-05-01"))
    doc = json.loads(reach.export_json(ds, reach.index_rows(ds, view), dep, view))
    assert [r["checked"] for r in doc["deployments"]] == ["2024-05-01 00:00:00"] * len(dep) and len(dep)
