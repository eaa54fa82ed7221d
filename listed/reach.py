"""Beyond China: the AI Global Surveillance Index's Chinese suppliers and the reported deployments, filtered and
exported. No streamlit here."""

from __future__ import annotations

import io
import json
from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from listed.loader import Dataset
from listed.queries import MAX_PARAM_LEN, _first, link_target, normalize

HOME = "CHN"  # the index ticks China for its own market; "beyond China" leaves it out
TECH_LABELS = {
    "smart_city": "smart/safe city",
    "facial_recognition": "facial recognition",
    "smart_policing": "smart policing",
}
INDEX_COLUMNS = [
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
DEPLOYMENT_COLUMNS = [
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


@dataclass(frozen=True)
class ReachView:
    """What the Beyond China page shows: one supplier (or all), the listed companies only or all, one country."""

    supplier: str | None = None
    listed_only: bool = False
    country: str | None = None

    def to_params(self) -> dict[str, str]:
        """The URL query parameters of this view; defaults stay out of the URL."""
        params = {}
        if self.supplier:
            params["supplier"] = self.supplier
        if self.listed_only:
            params["listed"] = "1"
        if self.country:
            params["country"] = self.country
        return params


def chinese_suppliers(ds: Dataset) -> pd.DataFrame:
    """The suppliers the dataset identifies as Chinese (origin china), with a ``listed`` flag."""
    sup = ds.suppliers[ds.suppliers["origin"] == "china"]
    return sup.assign(listed=sup["entity_id"] != "").sort_values("name").reset_index(drop=True)


def supplier_options(ds: Dataset) -> dict[str, str]:
    """Supplier id -> name for every Chinese supplier that appears in either layer, listed companies first."""
    used = set(ds.aigs_companies["supplier_id"]) | set(ds.global_reach["supplier_id"])
    sup = chinese_suppliers(ds)
    sup = sup[sup["supplier_id"].isin(used)].sort_values(["listed", "name"], ascending=[False, True])
    return dict(zip(sup["supplier_id"], sup["name"], strict=True))


def country_options(ds: Dataset) -> dict[str, str]:
    """ISO3 -> country name for every country outside China in either layer, by name."""
    names = dict(zip(ds.aigs_countries["country_iso3"], ds.aigs_countries["country"], strict=True))
    for r in ds.global_reach.itertuples():
        names.setdefault(r.country_iso3, r.country)
    names.pop(HOME, None)
    return dict(sorted(names.items(), key=lambda kv: kv[1]))


def parse_view(ds: Dataset, params: Mapping) -> tuple[ReachView, list[str]]:
    """Read ``?supplier=``, ``?listed=1`` and ``?country=ISO3``; ignore bad values, saying why."""
    notes: list[str] = []
    supplier = None
    raw = _first(params.get("supplier", "")).strip()
    if raw:
        options = supplier_options(ds)
        # Accept the id (huawei) or the name as written in the data (Huawei), in any case or spacing.
        by_key = {normalize(k): k for k in options} | {normalize(v): k for k, v in options.items()}
        supplier = by_key.get(normalize(raw)) if len(raw) <= MAX_PARAM_LEN else None
        if supplier is None:
            notes.append("That link names no Chinese supplier in the dataset, so all suppliers are shown.")
    listed_raw = _first(params.get("listed", "")).strip()
    if listed_raw and listed_raw not in ("0", "1"):
        notes.append("The listed-companies switch in that link was not understood (use listed=1), so it is off.")
    country = None
    raw = _first(params.get("country", "")).strip()
    if raw:
        code = raw.upper()
        if len(code) == 3 and code in country_options(ds):
            country = code
        else:
            notes.append("That link names no country on this page (use a three-letter ISO code such as KEN).")
    return ReachView(supplier=supplier, listed_only=listed_raw == "1", country=country), notes


def _technologies(row) -> str:
    return ", ".join(label for col, label in TECH_LABELS.items() if row[col]) or "not specified"


def index_rows(ds: Dataset, view: ReachView | None = None) -> pd.DataFrame:
    """One row per country outside China and Chinese supplier the index names there, filtered by ``view``."""
    view = view or ReachView()
    sup = chinese_suppliers(ds)[["supplier_id", "name", "listed", "entity_id"]].rename(columns={"name": "supplier"})
    countries = ds.aigs_countries[ds.aigs_countries["country_iso3"] != HOME]
    countries = countries.assign(technologies=countries.apply(_technologies, axis=1))
    rows = (
        ds.aigs_companies[["country_iso3", "supplier_id", "source_ids"]]
        .merge(sup, on="supplier_id")
        .merge(countries[["country_iso3", "country", "region", "technologies", "bri"]], on="country_iso3")
    )
    rows = filter_rows(rows, view)
    return rows[INDEX_COLUMNS].sort_values(["country", "supplier"]).reset_index(drop=True)


def deployment_rows(ds: Dataset, view: ReachView | None = None) -> pd.DataFrame:
    """The reported deployments in detail (global_reach), filtered by ``view``."""
    view = view or ReachView()
    sup = ds.suppliers[["supplier_id", "entity_id"]]
    rows = ds.global_reach.drop(columns=["supplier_entity_id"]).merge(sup, on="supplier_id")
    rows = rows.assign(listed=rows["entity_id"] != "")
    rows = filter_rows(rows, view)
    return rows[DEPLOYMENT_COLUMNS].sort_values(["country", "supplier"]).reset_index(drop=True)


def filter_rows(rows: pd.DataFrame, view: ReachView) -> pd.DataFrame:
    """``rows`` (from index_rows or deployment_rows) narrowed to ``view``."""
    if view.supplier:
        rows = rows[rows["supplier_id"] == view.supplier]
    if view.listed_only:
        rows = rows[rows["listed"]]
    if view.country:
        rows = rows[rows["country_iso3"] == view.country]
    return rows


def country_counts(rows: pd.DataFrame) -> dict[str, int]:
    """ISO3 -> number of distinct Chinese suppliers in ``rows``."""
    return {k: int(v) for k, v in rows.groupby("country_iso3")["supplier_id"].nunique().items()}


def supplier_counts(rows: pd.DataFrame) -> pd.DataFrame:
    """Countries per supplier in ``rows``, most first (ties by name): supplier_id, supplier, listed, countries."""
    if rows.empty:
        return pd.DataFrame(columns=["supplier_id", "supplier", "listed", "countries"])
    out = rows.groupby(["supplier_id", "supplier", "listed"], as_index=False)["country_iso3"].nunique()
    out = out.rename(columns={"country_iso3": "countries"})
    return out.sort_values(["countries", "supplier"], ascending=[False, True]).reset_index(drop=True)


def index_summary(ds: Dataset) -> dict[str, int]:
    """Counts from the index's table: countries, countries ticked for Chinese technology (with and without China
    itself), those of them ticked for the Belt and Road, and countries naming each of a few suppliers."""
    c = ds.aigs_countries
    ticked = c[c["china_tech"]]
    abroad = ticked[ticked["country_iso3"] != HOME]
    named = index_rows(ds)
    per = named.groupby("supplier_id")["country_iso3"].nunique()
    return {
        "countries": len(c),
        "china_ticked": len(ticked),
        "china_ticked_abroad": len(abroad),
        "china_ticked_abroad_bri": int(abroad["bri"].sum()),
        "named_abroad": named["country_iso3"].nunique(),
        "huawei": int(per.get("huawei", 0)),
    }


def _source_urls(ds: Dataset, ids: str) -> str:
    """Where each source can be read: its original URL, or the copy read when the original was not found online."""
    return " ".join(link_target(ds.sources_by_id[i]) for i in ids.split(";") if i)


def export_frame(ds: Dataset, index: pd.DataFrame, deployments: pd.DataFrame) -> pd.DataFrame:
    """Both layers as one flat table (a ``layer`` column tells them apart), each row with its source URLs."""
    a = index.assign(layer="index", what="", year=pd.NA, hedge="")
    b = deployments.assign(layer="deployment", region="", technologies="", bri=pd.NA)
    cols = ["layer", *INDEX_COLUMNS[:-1], "what", "year", "hedge", "source_ids"]
    out = pd.concat([a[cols], b[cols]], ignore_index=True) if len(a) or len(b) else pd.DataFrame(columns=cols)
    return out.assign(source_urls=[_source_urls(ds, s) for s in out["source_ids"]])


def to_csv_bytes(df: pd.DataFrame) -> bytes:
    """UTF-8 CSV with a BOM so spreadsheet programs read it correctly."""
    buf = io.StringIO()
    df.to_csv(buf, index=False)
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


def export_json(ds: Dataset, index: pd.DataFrame, deployments: pd.DataFrame, view: ReachView) -> bytes:
    """Both layers as JSON, each row with its full source records, plus the view that produced them."""
    src = ds.sources.assign(date=ds.sources["date"].dt.strftime("%Y-%m-%d")).set_index("source_id")

    def records(df: pd.DataFrame) -> list[dict]:
        out = []
        for r in df.to_dict("records"):
            ids = [i for i in r.pop("source_ids").split(";") if i]
            r["sources"] = [{"source_id": i, **src.loc[i].to_dict()} for i in ids]
            out.append(r)
        return out

    doc = {
        "dataset": ds.metadata["title"],
        "data_as_of": ds.metadata["data_as_of"],
        "license": ds.metadata["license"]["name"],
        "view": view.to_params(),
        "index_rows": records(index),
        "deployments": records(deployments),
    }
    return json.dumps(doc, ensure_ascii=False, indent=1, default=str).encode("utf-8")
