"""AppTest: bureau-level evidence on profiles (two groups, figures, what was searched), the explorer's role filter
and role matrix, and the Technologies page's links to the role-filtered explorer (issue 12)."""

from __future__ import annotations

import json

from listed.loader import load_dataset
from tests.app.test_pages import result_ids, texts
from tests.conftest import run_page

DS = load_dataset()


def subheaders(at) -> list[str]:
    return [s.value for s in at.subheader]


def test_profile_shows_the_two_groups_in_order_with_the_explanation():
    at = run_page("views/entity.py", {"id": "hotan-psb"})
    assert not at.exception
    subs = subheaders(at)
    assert subs.index("About this body") < subs.index("About policing in its jurisdiction")
    assert subs.index("About policing in its jurisdiction") < subs.index("Figures for its area")
    assert subs[-1] == "What was searched"
    body = texts(at)
    assert "is not, by itself, a finding against the listed body" in body
    # The IJOP bulletin (scope entity) sits in the first group, the Qaraqash village report in the second.
    md = [m.value for m in at.markdown]
    first = next(i for i, m in enumerate(md) if "IJOP bulletin of 25 June 2017" in m)
    village = next(i for i, m in enumerate(md) if "1,700 households" in m and "duty officer" in m)
    help_at = next(i for i, m in enumerate(md) if "**About policing in its jurisdiction**" in m)
    assert help_at < first < village


def test_profile_figures_carry_their_values_and_sources():
    at = run_page("views/entity.py", {"id": "kashgar-psb"})
    md = "\n".join(m.value for m in at.markdown)
    assert "**16,354 people** (2017)" in md
    assert "**nearly 10 percent** (2017)" in md
    figures = DS.jurisdiction_figures
    assert md.count("Sources:") >= len(figures[figures["entity_id"] == "kashgar-psb"])


def test_profile_without_evidence_says_what_was_searched():
    empty = [
        e for e in ("bortala-psb", "hami-psb", "tumxuk-psb", "wujiaqu-psb") if e not in set(DS.claims["entity_id"])
    ]
    assert empty
    for eid in empty:
        at = run_page("views/entity.py", {"id": eid})
        body = texts(at)
        assert "No sourced statement about this entity's own conduct was found" in body
        assert "About this body" not in subheaders(at)
        line = next(m.value for m in at.markdown if m.value.startswith("- Searched on "))
        log = DS.research_log[DS.research_log["entity_id"] == eid]
        shown = line.replace("\\", "")
        assert len(log) >= 1 and all(lf.split(" (")[0] in shown for lf in log["looked_for"])
        assert shown.count("Looked for: ") == shown.count("\n- Searched on ") + 1 == len(log)


def test_company_profile_has_no_scope_groups():
    at = run_page("views/entity.py", {"id": "hikvision"})
    subs = subheaders(at)
    assert "About this body" not in subs and "What was searched" not in subs and "Figures for its area" not in subs
    assert any("Hikvision" in m.value and "Sources:" in m.value for m in at.markdown)


def test_college_profile_has_no_empty_jurisdiction_group():
    at = run_page("views/entity.py", {"id": "xinjiang-police-college"})
    subs = subheaders(at)
    assert "About this body" in subs and "About policing in its jurisdiction" not in subs


def test_role_filter_from_the_url():
    at = run_page("views/entities.py", {"tech": "facial-recognition", "role": "operates"})
    assert not at.exception and not at.info
    assert at.multiselect(key="ent_role").value == ["operates"]
    links = DS.entity_technologies
    expected = set(links[(links["tech_id"] == "facial-recognition") & (links["role"] == "operates")]["entity_id"])
    assert set(result_ids(at)) == expected == {"kashgar-psb"}
    assert at.subheader[0].value == "1 of 28 entities match"
    assert any("Facial recognition: operates" in c.value for c in at.caption)


def test_role_filter_chosen_on_the_page_goes_to_the_url():
    at = run_page("views/entities.py")
    at.multiselect(key="ent_role").set_value(["procures"]).run()
    assert str(at.query_params["role"]).strip("[]'") == "procures"
    assert result_ids(at) == ["changji-psb"]


def test_bad_role_value_is_ignored_with_a_notice():
    at = run_page("views/entities.py", {"role": "flies", "kind": "company"})
    assert not at.exception
    assert any("unknown value(s) for 'role'" in i.value and "procures" in i.value for i in at.info)
    assert at.multiselect(key="ent_role").value == []
    assert at.subheader[0].value == "8 of 28 entities match"


def test_matrix_cells_show_roles():
    at = run_page("views/entities.py", {"kind": "company", "tech": "voice-recognition"})
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    data = spec["data"][0]
    assert data["y"] == ["iFlytek"]
    assert data["text"] == [["develops<br>supplies"]]
    assert "and in what role" in json.dumps(spec["layout"]["title"])


def test_explorer_lists_figures_by_prefecture():
    at = run_page("views/entities.py", {"place": "xinjiang"})
    n, bodies = len(DS.jurisdiction_figures), DS.jurisdiction_figures["entity_id"].nunique()
    assert f"Table of the {n} figures for {bodies} of these bodies" in [x.label for x in at.expander]
    assert not [d for d in at.dataframe if "measure" in d.value.columns]  # built when opened
    at.session_state["ent_figs"] = True
    at.run()
    frames = [d.value for d in at.dataframe]
    figures = next(f for f in frames if "measure" in f.columns)
    assert len(figures) == len(DS.jurisdiction_figures)
    assert set(figures["entity"]) == {DS.names[e] for e in DS.jurisdiction_figures["entity_id"]}
    at = run_page("views/entities.py", {"kind": "company"})
    assert "None of these entities has a sourced figure for its area in the dataset." in texts(at)


def test_technologies_page_links_to_the_role_filtered_explorer():
    at = run_page("views/technologies.py", {"tech": "facial-recognition"})
    got = {p.proto.query_string for p in at.get("page_link") if p.proto.page == "entities"}
    assert got == {
        "tech=facial-recognition",
        "tech=facial-recognition&role=develops",
        "tech=facial-recognition&role=supplies",
        "tech=facial-recognition&role=operates",
        "tech=facial-recognition&role=procures",
    }
    label = next(p.proto.label for p in at.get("page_link") if p.proto.query_string.endswith("role=operates"))
    assert label == "Explorer: bureaus reported to operate Facial recognition →"
    at = run_page("views/technologies.py", {"tech": "ai-chips"})
    roles = {p.proto.query_string for p in at.get("page_link") if "role=" in p.proto.query_string}
    assert roles == {"tech=ai-chips&role=develops"}
