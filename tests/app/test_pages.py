"""AppTest: a smoke test over every registered page, plus behaviour tests of the frame and the explorer pages."""

from __future__ import annotations

import base64
import json
import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from listed.loader import load_dataset
from tests.conftest import APP, TIMEOUT, markdown_table, run_page
from tests.fixtures import tables, write_dataset

PAGES = re.findall(r'st\.Page\("([^"]+)"', APP.read_text(encoding="utf-8"))
DS = load_dataset()
HOSTILE = ["<script>alert(1)</script>", "../../etc/passwd", "x" * 5000, "%E0%A4%A", "'; DROP TABLE x;--", "\u202e"]


def texts(at) -> str:
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption] + [t.value for t in at.title]
    parts += [i.value for i in at.info] + [w.value for w in at.warning] + [h.value for h in at.header]
    return "\n".join(str(p) for p in parts)


def test_every_page_is_registered_once():
    assert len(PAGES) == len(set(PAGES)) == 9
    for page in PAGES:
        assert (APP.parent / page).exists(), page


@pytest.mark.parametrize("page", PAGES)
def test_page_smoke(page):
    at = run_page(page)
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    assert at.title, f"{page} has no title"


def test_footer_on_the_default_page():
    # AppTest drops what app.py renders after page.run() once switch_page is used; the browser tests check the
    # footer on every page.
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT).run()
    footer = texts(at)
    assert f"Data as of {DS.metadata['data_as_of']}" in footer
    assert "CC-BY-4.0" in footer


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("value", HOSTILE[:3])
def test_hostile_params_on_every_page(page, value):
    params = {k: value for k in ("id", "q", "tech", "kind", "place", "action", "slide", "preset", "company",
                                 "supplier", "notes", "zzz")}  # fmt: skip
    at = run_page(page, params)
    assert not at.exception, [e.value for e in at.exception]
    assert "<script>" not in texts(at)


def test_home_has_map_timeline_and_composition():
    at = run_page("views/home.py")
    decks = at.get("deck_gl_json_chart")
    assert len(decks) == 1
    spec = json.loads(decks[0].proto.json)
    assert spec.get("mapProvider") in (None, "None", "") or "mapStyle" not in spec or not spec.get("mapStyle")
    layers = {layer["@@type"] for layer in spec["layers"]}
    assert {"GeoJsonLayer", "ScatterplotLayer"} <= layers
    assert not at.get("plotly_chart")  # both charts are SVG drawn on the server: no chart library to load
    images = at.get("image")
    assert len(images) == 2
    composition, timeline = (base64.b64decode(i.proto.imgs[0].url.split(",", 1)[1]).decode() for i in images)
    assert images[0].proto.imgs[0].alt.startswith("Bar chart of the 28 listed entities by kind")
    assert [int(v) for v in re.findall(r'y="\d+">(\d+)</text>', composition)] == [1, 18, 1, 8]
    labels = re.findall(r'text-anchor="end">([^<]+)</text>', timeline)
    assert sum(int(re.search(r"\((\d+)\)$", lab).group(1)) for lab in labels) == len(DS.events)
    assert "Camps and policing" in labels[0] and ">Listed</text>" in timeline
    body = texts(at)
    assert "7 October 2019" in body and "9 October 2019" in body


def test_home_long_lists_are_sent_only_when_opened():
    """The full event list and the map's table view are built only when their expander is opened; then they are
    complete: every event with its source links, every mapped entity with a link to its profile."""
    at = run_page("views/home.py")
    closed = texts(at)
    assert "Entity (profile link)" not in closed
    assert closed.count("Sources: [") < 10  # the source lines of the page itself, not the 49 events
    labels = [e.label for e in at.expander]
    assert "All events, with sources" in labels
    assert "Table view of the map: every entity with a link to its profile" in labels
    at.session_state["home_events"] = True
    at.session_state["home_map_table"] = True
    at.run()
    assert not at.exception
    body = texts(at)
    events_md = next(m.value for m in at.markdown if m.value.count(":small[Sources:") > 10)
    assert events_md.count(":small[Sources:") == len(DS.events)
    table = next(m.value for m in at.markdown if m.value.startswith("| Entity (profile link)"))
    mapped = DS.entities.dropna(subset=["lat", "lon"])
    assert all(f"(/entity?id={eid})" in table for eid in mapped["entity_id"])
    assert "Entity (profile link)" in body


def result_ids(at) -> list[str]:
    """The entities listed on /entities, from their profile links (the name is the link)."""
    return [p.proto.query_string.removeprefix("id=") for p in at.get("page_link") if p.proto.page == "entity"]


def test_entities_filter_from_url_and_back():
    at = run_page("views/entities.py", {"tech": "facial-recognition"})
    assert not at.exception
    assert at.multiselect(key="ent_tech").value == ["facial-recognition"]
    n = int(re.match(r"(\d+) of 28", at.subheader[0].value).group(1))
    assert len(result_ids(at)) == n >= 1
    at.multiselect(key="ent_kind").set_value(["company"]).run()
    assert at.query_params["kind"] == ["company"] or at.query_params["kind"] == "company"
    assert "facial-recognition" in str(at.query_params["tech"])


def test_entities_search_chinese():
    at = run_page("views/entities.py", {"q": "海康威视"})
    assert at.text_input(key="ent_q").value == "海康威视"
    assert result_ids(at) == ["hikvision"]
    assert next(p.proto.label for p in at.get("page_link")) == "**Hikvision**"  # the name, in bold


def test_entities_search_typed_updates_url():
    at = run_page("views/entities.py")
    at.text_input(key="ent_q").input("Sense Time").run()
    assert str(at.query_params["q"]).strip("[]'") == "Sense Time"
    assert result_ids(at) == ["sensetime"]


def test_entities_bad_values_notice_and_empty_result():
    at = run_page("views/entities.py", {"tech": "telepathy", "kind": "company"})
    assert any("Ignored 1 unknown value" in i.value for i in at.info)
    assert at.multiselect(key="ent_kind").value == ["company"]
    at = run_page("views/entities.py", {"q": "no such name at all"})
    assert at.warning and "No entity matches" in at.warning[0].value
    assert "another spelling" in at.warning[0].value  # something was typed: spelling may be the problem
    at.button(key="ent_clear").click().run()
    assert at.subheader[0].value.startswith("28 of 28")


def test_entities_empty_result_without_search_does_not_blame_spelling():
    at = run_page("views/entities.py", {"kind": "institute", "tech": "video-surveillance"})
    assert at.warning and "No entity matches" in at.warning[0].value
    assert "spelling" not in at.warning[0].value


def test_entities_link_to_this_view_is_readable():
    at = run_page("views/entities.py", {"q": "海康威视"})
    assert not at.code, "the link box is built only when opened"
    at.session_state["view_link"] = True
    at.run()
    # AppTest has no browser, so no host: the link falls back to a relative one; the browser test checks the host.
    assert [c.value for c in at.code] == ["/entities?q=海康威视"]


def test_entities_downloads_match_rows():
    at = run_page("views/entities.py", {"kind": "company"})
    buttons = at.get("download_button")
    assert len(buttons) == 2


@pytest.mark.parametrize("eid", DS.entities["entity_id"].tolist())
def test_every_profile_renders(eid):
    at = run_page("views/entity.py", {"id": eid})
    assert not at.exception, [e.value for e in at.exception]
    name = DS.entities.set_index("entity_id").loc[eid, "common_name"]
    assert at.title[0].value == name
    body = texts(at)
    assert "Entity List" in body and "Sources:" in body
    assert [x.label for x in at.expander if x.label.startswith("Cite this page")] == [
        "Cite this page (APA, Chicago, BibTeX)"
    ]
    assert not at.code  # the citation box is built only when opened


@pytest.mark.parametrize("value", ["", "huawei", "../entities", "<script>alert(1)</script>"])
def test_profile_bad_id(value):
    at = run_page("views/entity.py", {"id": value})
    assert not at.exception
    assert at.title[0].value == "Entity profile"
    assert any("does not name one of the 28" in i.value for i in at.info)


def test_profile_other_names_in_plain_words():
    at = run_page("views/entity.py", {"id": "hikvision"})
    rows = markdown_table(at, "Name")
    mine = DS.aliases[DS.aliases["entity_id"] == "hikvision"]
    assert [r["Name"] for r in rows] == mine["alias"].tolist()
    assert list(rows[0]) == ["Name", "Type"]
    types = {r["Type"] for r in rows}
    assert "Legal name" in types and not any("-" in t for t in types)


def test_profile_company_responses_in_plain_words():
    at = run_page("views/entity.py", {"id": "hikvision"})
    body = texts(at)
    actions = set(DS.company_responses.loc[DS.company_responses["entity_id"] == "hikvision", "action"])
    assert "stockpiling" in actions and "**Stockpiled** (" in body
    assert not any(f"({a}," in body for a in actions)  # no raw slugs such as "(statement, 9 Oct 2019)"


def test_profile_citation_styles():
    at = run_page("views/entity.py", {"id": "hikvision"})
    at.session_state["prof_cite"] = True
    at.run()
    assert [c.value[:9] for c in at.code] == ["Listed. ("]  # APA first
    at.button_group(key="prof_cite_style").set_value("BibTeX").run()
    assert any(c.value.startswith("@misc{") for c in at.code)


def test_profile_without_id_offers_a_choice():
    at = run_page("views/entity.py")
    assert at.selectbox(key="prof_pick") is not None
    at.selectbox(key="prof_pick").select("hikvision").run()
    assert at.query_params["id"] in ("hikvision", ["hikvision"])
    assert at.title[0].value == "Hikvision"


def test_profile_has_a_chooser_that_moves_to_another_profile():
    at = run_page("views/entity.py", {"id": "hikvision"})
    assert at.selectbox(key="prof_pick").value is None
    at.selectbox(key="prof_pick").select("yitu").run()
    assert at.title[0].value == DS.entities.set_index("entity_id").loc["yitu", "common_name"]
    assert at.query_params["id"] in ("yitu", ["yitu"])
    assert at.selectbox(key="prof_pick").value is None  # cleared, ready for the next jump


def test_profile_chooser_page_offers_the_last_profile():
    at = run_page("views/entity.py", {"id": "yitu"})
    at.query_params.clear()
    at.run()  # like the sidebar's "Entity profile": the same page with no id
    assert at.title[0].value == "Entity profile"
    back = [p.proto for p in at.get("page_link") if p.proto.label.startswith("Back to the profile of")]
    assert [b.query_string for b in back] == ["id=yitu"]


def test_profile_unverified_name_flagged_next_to_it_and_altay_caveat_consistent():
    at = run_page("views/entity.py", {"id": "altay-psb"})
    name_line = next(m.value for m in at.markdown if m.value.startswith("**Name as listed:**"))
    # Altay now has its Chinese name like the other unverified bureaus; the caveat describes the name shown.
    assert "NOT VERIFIED" in name_line and "中文:** 阿勒泰市公安局" in name_line
    caveat = next(c.value for c in at.caption if c.value.startswith("Name as listed:"))
    assert "the Chinese name is the standard form" in caveat and "no Chinese name is shown" not in caveat
    at = run_page("views/entity.py", {"id": "kashgar-psb"})
    name_line = next(m.value for m in at.markdown if m.value.startswith("**Name as listed:**"))
    assert "NOT VERIFIED" in name_line and "中文" in name_line
    at = run_page("views/entity.py", {"id": "hikvision"})
    name_line = next(m.value for m in at.markdown if m.value.startswith("**Name as listed:**"))
    assert "NOT VERIFIED" not in name_line


def test_profile_without_evidence_points_only_to_sections_with_content():
    links, claims = DS.entity_technologies, DS.claims
    empty = [
        e for e in DS.entities["entity_id"] if e not in set(links["entity_id"]) and e not in set(claims["entity_id"])
    ]
    assert empty, "the dataset has no profile without technologies or evidence to check"
    at = run_page("views/entity.py", {"id": empty[0]})
    body = texts(at)
    assert "No sourced statement about this entity's own conduct was found" in body
    assert "technologies" not in body.split("own conduct was found", 1)[1].split("\n", 1)[0]


def test_technologies_page_lists_all_and_opens_one():
    at = run_page("views/technologies.py", {"tech": "phone-forensics"})
    table = markdown_table(at, "Technology")
    assert [r["Technology"] for r in table] == DS.technologies["name"].tolist()
    counts = DS.entity_technologies.groupby("tech_id")["entity_id"].nunique()
    assert [int(r["Listed entities linked"]) for r in table] == [
        int(counts.get(t, 0)) for t in DS.technologies["tech_id"]
    ]
    assert at.selectbox(key="tech_pick").value == "phone-forensics"
    assert at.header[0].value == DS.technologies.set_index("tech_id").loc["phone-forensics", "name"]
    at.selectbox(key="tech_pick").select("facial-recognition").run()
    assert at.query_params["tech"] in ("facial-recognition", ["facial-recognition"])
    # One heading a role present, in plain English ("supply", not "supplie").
    roles = set(DS.entity_technologies.loc[DS.entity_technologies["tech_id"] == "facial-recognition", "role"])
    verbs = {"develops": "develop", "supplies": "supply", "operates": "operate", "procures": "procure"}
    assert {s.value for s in at.subheader} == {f"Listed entities that {verbs[r]} it" for r in roles}
    at = run_page("views/technologies.py", {"tech": "mind-reading"})
    assert any("names no technology" in i.value for i in at.info)


def test_data_page_dictionary_covers_every_field():
    at = run_page("views/data.py")
    assert len(at.table[0].value) == len(DS.descriptor["resources"])
    for res in DS.descriptor["resources"]:
        at.selectbox(key="data_dict_table").select(res["name"]).run()
        shown = at.table[1].value
        assert shown["field"].tolist() == [f["name"] for f in res["schema"]["fields"]]
        assert (shown["description"].str.len() > 10).all()
    assert len(at.get("download_button")) == 3


def test_broken_dataset_names_file_row_column(tmp_path, monkeypatch):
    data = tables()
    data["claims"][0]["hedge"] = "certainly"
    monkeypatch.setenv("LISTED_DATA_DIR", str(write_dataset(tmp_path / "broken", data)))
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT).run()
    assert not at.exception
    assert at.error and "failed its checks" in at.error[0].value
    assert "claims.csv, row 1, column 'hedge'" in at.code[0].value


def test_config_keeps_usage_statistics_off():
    config = (Path(APP).parent / ".streamlit" / "config.toml").read_text(encoding="utf-8")
    assert re.search(r"gatherUsageStats\s*=\s*false", config)


def test_app_source_follows_the_offline_and_safety_rules():
    """No :material/ icons (a web font fetched at run time), no raw HTML from data, no removed Streamlit arguments,
    in any file the app runs."""
    root = APP.parent
    files = [APP, *sorted((root / "views").glob("*.py")), *sorted((root / "components").glob("*.py"))]
    assert len(files) > 10
    for path in files:
        src = path.read_text(encoding="utf-8")
        banned = [":material/", "unsafe_allow_html", "use_container_width"]
        banned += [] if path == APP else ["set_page_config"]  # the entry sets the page config, once
        for word in banned:
            assert word not in src, f"{path.name} uses {word}"
