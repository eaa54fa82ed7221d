"""AppTest for the source audit on /data: counts that match the dataset, filters, copies and the CSV download."""

from __future__ import annotations

import io

import pandas as pd

from listed.loader import load_dataset
from listed.queries import filter_sources, source_audit
from tests.conftest import run_page

DS = load_dataset()
PAGE = "views/data.py"


def sources_frame(at) -> pd.DataFrame:
    return next(d.value for d in at.dataframe if "Cited by (rows)" in d.value.columns or "cited_by" in d.value.columns)


def test_audit_counts_match_the_dataset():
    at = run_page(PAGE)
    assert not at.exception
    text = "\n".join(m.value for m in at.markdown)
    audit = source_audit(DS)
    assert f"**{len(DS.sources)} sources**" in text
    assert f"{int(DS.sources['primary'].sum())} primary" in text
    assert f"{int((DS.sources['copy_url'] != '').sum())} were read via a copy" in text
    assert f"{int((DS.sources['title_kind'] == 'descriptive').sum())} titles were written by us" in text
    no_original = int((DS.sources["url"] == "").sum())
    assert audit["no_original"] == no_original > 0
    assert f"for {no_original} of them the original could not be found online" in text
    by_kind = next(t.value for t in at.table if "Publisher kind" in t.value.columns)
    assert by_kind["Sources"].astype(int).sum() == len(DS.sources)
    assert set(by_kind["Publisher kind"]) == set(DS.sources["publisher_kind"])
    assert len(audit["copy_table"]) == audit["copies"] > 0


def test_copies_table_lists_every_copy_with_its_note():
    at = run_page(PAGE)

    def pick():
        return [d.value for d in at.dataframe if "copy_note" in d.value.columns and "cited_by" not in d.value.columns]

    assert not pick()  # built when opened
    at.session_state["data_copies_open"] = True
    at.run()
    (copies,) = pick()
    assert len(copies) == int((DS.sources["copy_url"] != "").sum())
    assert (copies["copy_note"].str.len() > 10).all()
    assert (copies["url"].str.split("/").str[2] != copies["copy_url"].str.split("/").str[2]).all()


def test_filters_narrow_the_table():
    at = run_page(PAGE)
    every = sources_frame(at)
    assert len(every) == len(DS.sources)
    at.multiselect(key="data_src_kind").select("government").run()
    gov = sources_frame(at)
    assert 0 < len(gov) < len(every)
    assert set(gov["publisher_kind"]) == {"government"}
    assert gov["primary"].all()
    at.multiselect(key="data_src_kind").unselect("government").run()
    at.checkbox(key="data_src_copies").check().run()
    copies = sources_frame(at)
    assert len(copies) == int((DS.sources["copy_url"] != "").sum())
    assert (copies["copy_url"] != "").all()
    at.checkbox(key="data_src_copies").uncheck().run()
    at.checkbox(key="data_src_desc").check().run()
    desc = sources_frame(at)
    assert len(desc) == int((DS.sources["title_kind"] == "descriptive").sum())
    assert desc["title"].str.startswith("[").all() and desc["title"].str.endswith("]").all()
    at.checkbox(key="data_src_desc").uncheck().run()
    at.selectbox(key="data_src_primary").select("secondary").run()
    assert not sources_frame(at)["primary"].any()
    at.text_input(key="data_src_q").input("Treasury").run()
    assert set(sources_frame(at)["source_id"]) == set(filter_sources(DS, "Treasury", primary=False)["source_id"])


def test_download_is_the_filtered_table():
    at = run_page(PAGE)
    at.checkbox(key="data_src_copies").check().run()
    button = next(b for b in at.get("download_button") if b.proto.label == "Download these sources as CSV")
    assert button is not None
    df = filter_sources(DS, copies_only=True)
    from listed.queries import sources_csv

    got = pd.read_csv(io.BytesIO(sources_csv(df)), keep_default_na=False)
    assert list(got["source_id"]) == list(df["source_id"])
    assert set(got.columns) >= {"publisher", "publisher_kind", "url", "copy_url", "copy_note"}
