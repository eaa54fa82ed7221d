"""AppTest for the engine corrections on /how-it-works: the new inputs change the answer, the savings clause asks
about eligibility, transit through the U.S. is an input, and the page shows the 2019 numbering and what is out of
scope."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from listed.rules import VERDICT_CASE_BY_CASE, VERDICT_DENIAL, VERDICT_NOT_SUBJECT, VERDICT_SAVINGS
from tests.conftest import open_sections, run_page, verdicts

PAGE = "views/how_it_works.py"


def open_page(**params: str) -> AppTest:
    at = run_page(PAGE, params)
    assert not at.exception, at.exception
    return at


def body(at: AppTest) -> str:
    return "\n".join(m.value for m in at.markdown)


def test_fundamental_research_takes_technology_outside_the_ear() -> None:
    at = open_page()
    assert not [c for c in at.checkbox if c.key == "hiw_research"]  # a commodity has no research box
    at.radio(key="hiw_item_type").set_value("technology").run()
    assert verdicts(at) == [VERDICT_DENIAL]
    at.checkbox(key="hiw_research").check().run()
    assert not at.exception
    assert verdicts(at) == [VERDICT_NOT_SUBJECT]
    assert "fundamental research" in body(at) and "734.8" in body(at)
    assert at.query_params["research"] == "1"


def test_published_encryption_software_stays_subject() -> None:
    at = open_page(item="software", **{"class": "5D002"}, published="1", enduser="listed")
    assert at.checkbox(key="hiw_published").value is True
    assert verdicts(at) == [VERDICT_DENIAL]
    assert "Not in this model: encryption software classified under ECCN 5D002 is treated as subject." in body(at)


def test_en_route_in_country_transfer_is_not_saved() -> None:
    at = open_page(preset="en-route-savings-clause")
    assert verdicts(at) == [VERDICT_SAVINGS]
    assert at.radio(key="hiw_before").value == "unstated"
    at.radio(key="hiw_movement").set_value("in-country transfer").run()
    assert not at.exception
    assert verdicts(at) == [VERDICT_DENIAL]
    assert "an in-country transfer is neither" in body(at)


def test_savings_clause_asks_about_eligibility_for_an_eccn_item() -> None:
    at = open_page(enroute="1", **{"class": "1A004.c"}, enduser="listed")
    assert at.radio(key="hiw_before").value == "unstated"
    assert verdicts(at) == [VERDICT_CASE_BY_CASE]
    at.radio(key="hiw_before").set_value("yes").run()
    assert verdicts(at) == [VERDICT_SAVINGS]
    assert at.query_params["before"] == "yes"
    at.radio(key="hiw_before").set_value("no").run()
    assert verdicts(at) == [VERDICT_CASE_BY_CASE]
    assert "already needed a licence" in body(at)


def test_eligibility_question_only_when_en_route() -> None:
    at = open_page()
    assert not [r for r in at.radio if r.key == "hiw_before"]
    at.checkbox(key="hiw_en_route").check().run()
    assert [r.key for r in at.radio if r.key == "hiw_before"] == ["hiw_before"]


def test_transshipment_through_the_us_makes_a_foreign_item_subject() -> None:
    at = open_page(preset="foreign-low-us-content")
    assert verdicts(at) == [VERDICT_NOT_SUBJECT]
    at.checkbox(key="hiw_via_us").check().run()
    assert not at.exception
    assert verdicts(at) == [VERDICT_DENIAL]
    assert "passes through the United States on its way" in body(at)
    assert at.query_params["viaus"] == "1"
    at.radio(key="hiw_movement").set_value("in-country transfer").run()
    assert not [c for c in at.checkbox if c.key == "hiw_via_us"]
    assert verdicts(at) == [VERDICT_NOT_SUBJECT]


def test_no_transit_box_for_us_origin_items() -> None:
    at = open_page()
    assert not [c for c in at.checkbox if c.key == "hiw_via_us"]


def test_page_shows_numbering_scope_and_savings_sections() -> None:
    at = open_page()
    labels = {x.label for x in at.expander}
    assert {"Section numbers then and now", "Shipments already on their way: the savings clause",
            "Not covered by this model"} <= labels  # fmt: skip
    assert "| Provision | October 2019 |" not in body(at)  # folded: built when opened
    at = open_sections(at)
    text = body(at)
    assert "| Provision | October 2019 | Today | What changed | Sources |" in text
    assert "| 15 CFR 734.9 |" in text and "15 CFR 736.2" in text and "General Prohibition Three" in text
    assert "85 FR 51335" in text and "85 FR 29849" in text
    assert "**out of scope**" in text and "deemed export" in text
    assert "moving in transit through the United States" in text
    assert "could not have carried it when they were added" in text
    assert "sources checked do not show it applied" not in text
    captions = [m.value.rsplit(":small[", 1)[1] for m in at.markdown if ":small[Sources:" in m.value]
    assert any("ecfr.gov/current/title-15/section-734.13" in c for c in captions)
    assert any("govinfo.gov/content/pkg/FR-2019-06-24" in c for c in captions)


def test_answer_card_cites_2019_and_today() -> None:
    at = open_page(preset="us-gpus-to-company")
    text = body(at)
    assert "84 FR 54002 and 15 CFR 744.11 in 2019; 15 CFR 744.16(b) today" in text
    assert "15 CFR 744.16(a) and 748.5(c)-(f) today" in text
