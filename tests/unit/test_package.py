"""The dataset downloads (listed/package.py): the data dictionary, the zip and the one-file JSON, exact."""

from __future__ import annotations

import io
import json
import zipfile

import pytest

from listed.loader import load_dataset
from listed.package import data_dictionary, dataset_json, dataset_zip

DESCRIPTOR = {
    "resources": [
        {
            "path": "things.csv",
            "schema": {
                "fields": [
                    {"name": "thing_id", "title": "Id", "type": "string", "description": "The id.",
                     "constraints": {"required": True, "unique": True}},
                    {"name": "kind", "title": "Kind", "description": "What it is.",
                     "constraints": {"enum": ["a", "b", "c"]}},
                    {"name": "source_ids", "title": "Sources", "type": "string", "description": "Where from.",
                     "constraints": {"required": False},
                     "x-list-reference": {"resource": "sources", "field": "source_id", "separator": ";"}},
                ]
            },
        },
        {"path": "more.csv", "schema": {"fields": [
            {"name": "year", "title": "Year", "type": "integer", "description": "When."}]}},
    ]
}  # fmt: skip


@pytest.fixture(scope="module")
def ds():
    return load_dataset()


def test_data_dictionary_one_row_per_field():
    got = data_dictionary(DESCRIPTOR)
    assert list(got.columns) == ["table", "field", "title", "type", "required", "allowed values", "description"]
    assert got.to_dict("records") == [
        {"table": "things.csv", "field": "thing_id", "title": "Id", "type": "string", "required": True,
         "allowed values": "", "description": "The id."},
        {"table": "things.csv", "field": "kind", "title": "Kind", "type": "string", "required": False,
         "allowed values": "a, b, c", "description": "What it is."},
        {"table": "things.csv", "field": "source_ids", "title": "Sources", "type": "string", "required": False,
         "allowed values": "ids from sources, separated by ';'", "description": "Where from."},
        {"table": "more.csv", "field": "year", "title": "Year", "type": "integer", "required": False,
         "allowed values": "", "description": "When."},
    ]  # fmt: skip
    assert [type(v) for v in got["required"]] == [bool] * 4


def test_data_dictionary_of_the_shipped_descriptor(ds):
    got = data_dictionary(ds.descriptor)
    assert len(got) == sum(len(r["schema"]["fields"]) for r in ds.descriptor["resources"])
    row = got[(got["table"] == "entities.csv") & (got["field"] == "entity_id")].iloc[0]
    assert bool(row["required"]) is True


def test_dataset_zip_holds_every_file_as_shipped(ds):
    with zipfile.ZipFile(io.BytesIO(dataset_zip(ds))) as zf:
        names = zf.namelist()
        expected = ["datapackage.json", "metadata.json"] + [r["path"] for r in ds.descriptor["resources"]]
        assert names == [f"listed-data/{n}" for n in expected]
        for n in expected:
            assert zf.read(f"listed-data/{n}") == (ds.path / n).read_bytes()
        assert {i.compress_type for i in zf.infolist()} == {zipfile.ZIP_DEFLATED}


def test_dataset_json_has_every_table_with_iso_dates(ds):
    raw = dataset_json(ds)
    assert raw.startswith(b'{\n "metadata": {')  # indent=1
    doc = json.loads(raw.decode("utf-8"))
    assert list(doc) == ["metadata", "datapackage", "tables"]
    assert doc["metadata"] == ds.metadata and doc["datapackage"] == ds.descriptor
    assert list(doc["tables"]) == list(ds.tables)
    for name, df in ds.tables.items():
        assert len(doc["tables"][name]) == len(df)
    fr = next(s for s in doc["tables"]["sources"] if s["source_id"] == "fr-2019-22210")
    assert fr["date"] == "2019-10-09"
    chinese = next(e["name_zh"] for e in doc["tables"]["entities"] if e["entity_id"] == "hikvision")
    assert chinese and chinese.encode("utf-8") in raw  # written as UTF-8, not \u escapes
    assert ds.sources["date"].dtype.kind == "M"  # the dataset's own frames are not changed
