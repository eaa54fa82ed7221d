"""The dataset as a downloadable package, and its data dictionary generated from the descriptor."""

from __future__ import annotations

import io
import json
import zipfile

import pandas as pd

from listed.loader import Dataset


def data_dictionary(descriptor: dict) -> pd.DataFrame:
    """One row per field of every table: title, type, whether required, allowed values, description."""
    rows = []
    for res in descriptor["resources"]:
        for f in res["schema"]["fields"]:
            cons = f.get("constraints", {})
            allowed = ", ".join(cons["enum"]) if "enum" in cons else ""
            if "x-list-reference" in f:
                allowed = f"ids from {f['x-list-reference']['resource']}, separated by ';'"
            rows.append(
                {
                    "table": res["path"],
                    "field": f["name"],
                    "title": f["title"],
                    "type": f.get("type", "string"),
                    "required": bool(cons.get("required")),
                    "allowed values": allowed,
                    "description": f["description"],
                }
            )
    return pd.DataFrame(rows)


def dataset_zip(ds: Dataset) -> bytes:
    """Every CSV file, the descriptor and the metadata, zipped as they ship."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name in ["datapackage.json", "metadata.json"] + [r["path"] for r in ds.descriptor["resources"]]:
            zf.write(ds.path / name, arcname=f"listed-data/{name}")
    return buf.getvalue()


def dataset_json(ds: Dataset) -> bytes:
    """The whole dataset as one JSON document: metadata, descriptor and every table as records."""
    tables = {}
    for name, df in ds.tables.items():
        out = df.copy()
        for col in out.columns:
            if pd.api.types.is_datetime64_any_dtype(out[col]):
                out[col] = out[col].dt.strftime("%Y-%m-%d")
        tables[name] = json.loads(out.to_json(orient="records", force_ascii=False))
    doc = {"metadata": ds.metadata, "datapackage": ds.descriptor, "tables": tables}
    return json.dumps(doc, ensure_ascii=False, indent=1).encode("utf-8")
