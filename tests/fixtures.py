"""A tiny valid dataset built by code, so loader tests do not depend on the curated files."""

from __future__ import annotations

import copy
import csv
import json
import shutil
from pathlib import Path

import pytest

from listed.loader import DatasetError, load_dataset

DATA = Path(__file__).resolve().parent.parent / "data"

BUREAUS = [
    "xpcc-psb", "urumqi-psb", "aksu-psb", "altay-psb", "bayingolin-psb", "bortala-psb", "changji-psb", "hami-psb",
    "hotan-psb", "kashgar-psb", "karamay-psb", "kizilsu-psb", "shihezi-psb", "tacheng-psb", "tumxuk-psb",
    "turpan-psb", "wujiaqu-psb", "ili-psb",
]  # fmt: skip
COMPANIES = ["dahua", "hikvision", "iflytek", "megvii", "sensetime", "meiya-pico", "yitu", "yixin"]
SOURCE = {
    "source_id": "fr-2019-22210",
    "publisher_id": "bis",
    "title": "Addition of Certain Entities to the Entity List",
    "title_kind": "as-published",
    "date": "2019-10-09",
    "date_precision": "day",
    "url": "https://www.federalregister.gov/d/2019-22210",
    "kind": "primary-document",
    "primary": "true",
    "copy_url": "",
    "copy_note": "",
}
PUBLISHERS = [
    {"publisher_id": "bis", "name": "Bureau of Industry and Security", "kind": "government",
     "domains": "bis.gov;federalregister.gov;govinfo.gov"},
    {"publisher_id": "csis", "name": "Center for Strategic and International Studies", "kind": "think-tank",
     "domains": "csis.org"},
    {"publisher_id": "docslib", "name": "docslib.org", "kind": "aggregator", "domains": "docslib.org"},
    {"publisher_id": "wikipedia", "name": "Wikipedia", "kind": "encyclopedia", "domains": "wikipedia.org"},
]  # fmt: skip


def _entity(eid: str, kind: str, parent: str = "") -> dict:
    company = kind == "company"
    return {
        "entity_id": eid,
        "listed_name": f"{eid.replace('-', ' ').title()} Listed Name",
        "name_basis": "near-primary",
        "common_name": eid.replace("-", " ").title(),
        "name_zh": "海康威视" if eid == "hikvision" else "",
        "name_pinyin": "Haikang Weishi" if eid == "hikvision" else "",
        "kind": kind,
        "parent_id": parent,
        "city": "Hangzhou" if company else "Urumqi",
        "prefecture": "Hangzhou" if company else "Urumqi",
        "province": "Zhejiang" if company else "Xinjiang",
        "lat": "30.2741" if company else "43.8256",
        "lon": "120.1551" if company else "87.6168",
        "address_listed": "",
        "source_ids": "fr-2019-22210",
    }


def tables() -> dict[str, list[dict]]:
    """Rows of every table of the minimal valid dataset."""
    entities = [_entity("xuar-psb", "government-bureau"), _entity("xinjiang-police-college", "institute", "xuar-psb")]
    entities += [_entity(b, "government-bureau", "xuar-psb") for b in BUREAUS]
    entities += [_entity(c, "company") for c in COMPANIES]
    s = {"source_ids": "fr-2019-22210"}
    return {
        "entities": entities,
        "aliases": [
            {"entity_id": "hikvision", "alias": "Hangzhou Hikvision Digital Technology Co., Ltd.",
             "alias_type": "legal-name", **s},
            {"entity_id": "sensetime", "alias": "商汤科技", "alias_type": "chinese", **s},
        ],
        "technologies": [
            {"tech_id": "video-surveillance", "name": "Video surveillance", "description": "Cameras.",
             "xinjiang_use": "Reportedly everywhere.", **s},
            {"tech_id": "facial-recognition", "name": "Facial recognition", "description": "Faces.",
             "xinjiang_use": "Reportedly at checkpoints.", **s},
        ],
        "entity_technologies": [
            {"entity_id": "hikvision", "tech_id": "video-surveillance", "role": "supplies", "note": "Cameras.", **s},
            {"entity_id": "sensetime", "tech_id": "facial-recognition", "role": "develops", "note": "Faces.", **s},
            {"entity_id": "xuar-psb", "tech_id": "facial-recognition", "role": "operates", "note": "Runs it.", **s},
        ],
        "claims": [
            {"claim_id": "hikvision-contracts", "entity_id": "hikvision", "date": "2019-10-08",
             "claim_type": "evidence", "scope": "entity", "hedge": "reportedly",
             "statement": "Reportedly won contracts.", "disputed_by": "Hikvision", **s},
            {"claim_id": "kashgar-camps", "entity_id": "kashgar-psb", "date": "2018-05-09",
             "claim_type": "evidence", "scope": "jurisdiction", "hedge": "according-to",
             "statement": "A township officer described camps in the prefecture.", "disputed_by": "", **s},
        ],
        "jurisdiction_figures": [
            {"figure_id": "kashgar-01", "entity_id": "kashgar-psb", "measure": "people sent to camps in a week",
             "value": "11165", "qualifier": "exact", "unit": "people", "year": "2017", "note": "", **s},
        ],
        "research_log": [
            {"entity_id": e["entity_id"], "searched_on": "2026-12-02", "where_searched": "Public web pages",
             "looked_for": "Reporting on the bureau and its area.",
             "result": "jurisdiction" if e["entity_id"] == "kashgar-psb" else "none",
             "outcome": "Nothing specific was found."}
            for e in entities
            if e["kind"] != "company"
        ],
        "key_facts": [{"entity_id": "hikvision", "fact": "headquarters", "value": "Hangzhou", "year": "2019", **s}],
        "events": [
            {"event_id": "listing", "date": "2019-10-09", "date_precision": "day", "category": "listing",
             "title": "Rule published", "description": "The rule took effect.", "entity_ids": "hikvision", **s},
            {"event_id": "later", "date": "2021-12-10", "date_precision": "day", "category": "investment-ban",
             "title": "Investment ban", "description": "An investment ban.", "entity_ids": "sensetime", **s},
        ],
        "listing_changes": [
            {"change_id": "listing", "date": "2019-10-09", "kind": "listing", "fr_citation": "84 FR 54002",
             "fr_doc": "2019-22210", "title": "Listed", "description": "The 28 were listed.",
             "review_policy": "Presumption of denial.", "applies_to": "all-28", "entity_ids": "", **s},
        ],
        "chip_shares": [
            {"measure": "value-added", "stage": "design", "segment": "EDA and core IP", "region": "USA",
             "share_pct": "74", "year": "2019", **s},
        ],
        "china_chips": [{"indicator": "ic-imports-usd-bn", "year": "2019", "value": "304", "note": "", **s}],
        "company_inputs": [
            {"input_id": "hikvision-intel", "entity_id": "hikvision", "supplier": "Intel", "component": "processors",
             "hedge": "reportedly", "statement": "Reportedly used Intel chips.", "year": "2019", **s},
        ],
        "company_responses": [
            {"response_id": "hikvision-stock", "entity_id": "hikvision", "action": "stockpiling",
             "statement": "Built up inventory.", "date": "2019-07-23", **s},
        ],
        "global_reach": [
            {"country": "Ecuador", "country_iso3": "ECU", "supplier": "Hikvision", "supplier_id": "hikvision",
             "supplier_entity_id": "hikvision", "what": "Cameras.", "year": "2019", "hedge": "reportedly", **s},
        ],
        "suppliers": [
            {"supplier_id": "hikvision", "name": "Hikvision", "origin": "china", "entity_id": "hikvision",
             "note": "One of the listed companies.", **s},
            {"supplier_id": "huawei", "name": "Huawei", "origin": "china", "entity_id": "", "note": "Chinese.", **s},
        ],
        "aigs_countries": [
            {"country_iso3": iso, "country": name, "country_as_printed": name, "region": region, "bri": "false",
             "smart_city": "true", "facial_recognition": "false", "smart_policing": "false", "china_tech": china,
             "us_tech": "false", "japan_tech": "false", "companies_as_printed": printed, **s}
            for iso, name, region, china, printed in (
                ("CHN", "China", "EAP", "true", "Mult; Bosch"),
                ("ECU", "Ecuador", "WHA", "true", "Cisco, Hikvision, Huawei"),
                ("CAN", "Canada", "WHA", "false", "Avigilon"),
            )
        ],
        "aigs_companies": [
            {"country_iso3": iso, "company": company, "supplier_id": sup, **s}
            for iso, company, sup in (
                ("CHN", "Bosch", ""), ("ECU", "Cisco", ""), ("ECU", "Hikvision", "hikvision"),
                ("ECU", "Huawei", "huawei"), ("CAN", "Avigilon", ""),
            )
        ],
        "aigs_findings": [
            {"finding_id": "china-suppliers", "kind": "headline", "figure": "63", "statement": "countries.", **s},
            {"finding_id": "lawful", "kind": "caveat", "figure": "", "statement": "No lawful test.", **s},
        ],
        "publishers": [dict(p) for p in PUBLISHERS],
        "summary_clauses": [
            {"entity_id": e["entity_id"], "clause": "1", "kind": "fact", "text": f"Summary of {e['entity_id']}.", **s}
            for e in entities
        ],
        "page_citations": [{"page": "how-it-works", "section": "the-rule", **s}],
        "reference_sections": [
            {"page": "how-it-works", "section": "the-rule", "part": "", "heading": "What the Entity List is",
             "body": "A list of foreign parties.\n\n- **Licence:** required.", "folded": "false"},
        ],
        "page_texts": [{"page": "how-it-works", "text_id": "listing-history", "text": "The entries changed."}],
        "glossary": [{"term": "Entity List", "definition": "A list of foreign parties.", **s}],
        "ear_numbering": [
            {"provision": "foreign-direct-product", "topic": "The foreign direct product rule.",
             "ref_2019": "15 CFR 736.2(b)(3)", "ref_today": "15 CFR 734.9", "change": "Moved in 2022.", **s}
        ],
        "sources": [
            SOURCE,
            {**SOURCE, "source_id": "csis-2019-xinjiang-28", "publisher_id": "csis", "title": "Brief",
             "date": "2019-10-01", "date_precision": "month", "kind": "academic", "primary": "false",
             "url": "https://www.csis.org/analysis/united-states-blacklisted-28-chinese-entities-over-repression-muslim-minorities-xinjiang"},
        ],
    }  # fmt: skip


def write_dataset(path: Path, data: dict[str, list[dict]] | None = None) -> Path:
    """Write a dataset (the minimal one unless given) with the real descriptor and metadata into ``path``."""
    path.mkdir(parents=True, exist_ok=True)
    shutil.copy(DATA / "datapackage.json", path / "datapackage.json")
    metadata = json.loads((DATA / "metadata.json").read_text(encoding="utf-8"))
    # The tiny dataset has its own number of index countries.
    metadata["expected_counts"]["aigs_countries"] = len((tables() if data is None else data)["aigs_countries"])
    (path / "metadata.json").write_text(json.dumps(metadata, ensure_ascii=False, indent=1), encoding="utf-8")
    descriptor = json.loads((DATA / "datapackage.json").read_text(encoding="utf-8"))
    data = tables() if data is None else data
    for res in descriptor["resources"]:
        cols = [f["name"] for f in res["schema"]["fields"]]
        with (path / res["path"]).open("w", encoding="utf-8", newline="") as fh:
            w = csv.DictWriter(fh, fieldnames=cols)
            w.writeheader()
            w.writerows(data[res["name"]])
    return path


def dataset_problems(
    tmp_path: Path,
    mutate=None,
    drop_columns: dict[str, list[str]] | None = None,
    keep_columns: dict[str, list[str]] | None = None,
    drop_files=(),
) -> list[str]:
    """The problems the loader reports for the minimal dataset broken by ``mutate`` (a function changing the rows),
    with some columns dropped from or only some kept in a table, or some files deleted; each as ``str(problem)``."""
    data = copy.deepcopy(tables())
    if mutate:
        mutate(data)
    path = write_dataset(tmp_path / "ds", data)
    for name in set(drop_columns or {}) | set(keep_columns or {}):  # rewrite a table with fewer columns
        f = path / f"{name}.csv"
        with f.open(encoding="utf-8", newline="") as fh:
            rows = list(csv.DictReader(fh))
        if keep_columns and name in keep_columns:
            cols = keep_columns[name]
        else:
            cols = [c for c in rows[0] if c not in drop_columns[name]] if rows else []
        with f.open("w", encoding="utf-8", newline="") as fh:
            w = csv.DictWriter(fh, fieldnames=cols, extrasaction="ignore")
            w.writeheader()
            w.writerows(rows)
    for name in drop_files:
        (path / f"{name}.csv").unlink()
    with pytest.raises(DatasetError) as info:
        load_dataset(path)
    return [str(p) for p in info.value.problems]
