"""AppTest: the listing over time on How it works (the asof link value, the date, the dated presets, the history
table) and on profiles (the review policy in force on the data's as-of date, with the entry's history)."""

from __future__ import annotations

from datetime import date

import pytest

from components.ui import md_escape
from listed.loader import load_dataset
from listed.rules import PRESETS, VERDICT_CASE_BY_CASE, VERDICT_DENIAL, VERDICT_NOT_SHOWN, evaluate
from tests.conftest import run_page, verdicts

PAGE = "views/how_it_works.py"
DS = load_dataset()
AS_OF = date.fromisoformat(DS.metadata["data_as_of"])  # the last day the page offers
HEAD = "| Date | Change | Federal Register | Sources |"


def history_tables(at) -> list[str]:
    return [m.value for m in at.markdown if m.value.startswith(HEAD)]


def test_asof_alone_moves_the_default_transaction_to_that_day() -> None:
    at = run_page(PAGE, {"asof": "2020-07-22"})
    assert not at.exception and not at.warning
    assert at.date_input(key="hiw_as_of").value == date(2020, 7, 22)
    assert verdicts(at) == [VERDICT_DENIAL]  # the default EAR99 item is not an infectious-disease item
    assert at.query_params["asof"] == "2020-07-22" and at.query_params["enduser"] == "listed"
    assert any(m.value.startswith("**Review policy on 22 Jul 2020:**") and "infectious disease" in m.value
               for m in at.markdown)  # fmt: skip


def test_a_hand_built_link_with_a_date_applies_the_policy_then() -> None:
    params = {"enduser": "listed", "infectious": "1"}
    assert verdicts(run_page(PAGE, {**params, "asof": "2020-07-21"})) == [VERDICT_DENIAL]
    at = run_page(PAGE, {**params, "asof": "2020-07-22"})
    assert verdicts(at) == [VERDICT_CASE_BY_CASE]
    assert at.checkbox(key="hiw_infectious").value is True
    steps = next(m.value for m in at.markdown if m.value.startswith("1. **"))
    assert "FR Doc. 2020-15827 (22 July 2020 revision)" in steps


@pytest.mark.parametrize(
    ("bad", "says"),
    [
        (
            "2030-01-01",
            f"Ignored the date 2030-01-01: choose a day from 2019-10-09 (the listing) to {AS_OF.isoformat()}",
        ),
        ("2019-10-08", "Ignored the date 2019-10-08: choose a day from 2019-10-09"),
        ("2020-13-01", "Ignored the date '2020-13-01': write a real day as YYYY-MM-DD."),
        ("<script>x</script>", "Ignored the date '<script>x</script>': write a real day"),
    ],
)
def test_a_bad_asof_is_ignored_with_a_notice(bad: str, says: str) -> None:
    at = run_page(PAGE, {"asof": bad})
    assert not at.exception
    notices = [w.value for w in at.warning]
    assert len(notices) == 1 and notices[0].startswith("Part of the link was ignored: " + md_escape(says)), notices
    assert "<script>" not in notices[0]
    assert at.date_input(key="hiw_as_of").value == date(2019, 10, 9)
    assert "asof" not in at.query_params and len(verdicts(at)) == 1


@pytest.mark.parametrize(
    ("slug", "day", "end_user", "verdict"),
    [
        ("infectious-disease-before-2020", date(2020, 7, 21), "listed", VERDICT_DENIAL),
        ("infectious-disease-from-2020", date(2020, 7, 22), "listed", VERDICT_CASE_BY_CASE),
        ("affiliate-rule-in-force", date(2025, 9, 29), "affiliate", VERDICT_DENIAL),
        ("affiliate-after-suspension", date(2026, 11, 10), "affiliate", VERDICT_NOT_SHOWN),
    ],
)
def test_dated_presets_set_the_day_and_the_party(slug: str, day: date, end_user: str, verdict: str) -> None:
    at = run_page(PAGE, {"preset": slug})
    assert not at.exception and not at.warning
    assert at.date_input(key="hiw_as_of").value == day
    assert at.radio(key="hiw_role_end_user").value == end_user
    assert verdicts(at) == [verdict] == [evaluate(PRESETS[slug].transaction).verdict]
    assert at.query_params["preset"] == slug


def test_an_unsettled_answer_does_not_print_a_no() -> None:
    at = run_page(PAGE, {"preset": "affiliate-after-suspension"})
    card = next(m.value for m in at.markdown if m.value.startswith("- **Subject to the EAR:**"))
    assert "- **Licence required under this rule:** Not shown by the sources" in card
    assert "- **Review of a licence application:** Not shown by the sources" in card
    assert "**The Affiliates rule on 10 Nov 2026:** Law firm Skadden, reading the suspension rule, said" in "\n".join(
        m.value for m in at.markdown
    )


def test_moving_the_date_changes_the_answer_and_leaves_the_preset() -> None:
    at = run_page(PAGE, {"preset": "infectious-disease-before-2020"})
    at.date_input(key="hiw_as_of").set_value(date(2020, 7, 22)).run()
    assert not at.exception
    assert verdicts(at) == [VERDICT_CASE_BY_CASE]
    assert at.selectbox(key="hiw_preset").value == "custom"
    assert at.query_params["asof"] == "2020-07-22" and at.query_params["infectious"] == "1"


def test_the_affiliate_option_and_the_affiliates_rule_by_date() -> None:
    at = run_page(PAGE, {"enduser": "affiliate", "asof": "2025-11-09"})
    assert verdicts(at) == [VERDICT_DENIAL]
    at.date_input(key="hiw_as_of").set_value(date(2025, 11, 10)).run()
    assert verdicts(at) == ["No licence required under this rule: no listed party"]
    assert at.query_params["enduser"] == "affiliate"


def test_the_page_shows_the_whole_history_with_citations_and_sources() -> None:
    at = run_page(PAGE)
    assert "How the entries changed over time" in [h.value for h in at.header]
    (table,) = history_tables(at)
    rows = table.splitlines()[2:]
    days = ["9 Oct 2019", "22 Jul 2020", "28 Mar 2023", "29 Sep 2025", "10 Nov 2025", "10 Nov 2026"]
    assert [r.split(" | ")[0] for r in rows] == [f"| {d}" for d in days]
    assert "| 84 FR 54002, FR Doc. 2019-22210 |" in rows[0]
    assert "| FR Doc. 2020-15827 |" in rows[1] and "](https://www.federalregister.gov/d/2020-15827" in rows[1]
    assert "| 88 FR 18983, FR Doc. 2023-06663 |" in rows[2]
    assert "| 90 FR 47201, FR Doc. 2025-19001 |" in rows[3] and "| FR Doc. 2025-19846 |" in rows[4]
    assert "| not applicable |" in rows[5] and "do not show" in rows[5]
    assert all("](https://" in r.split(" | ")[-1] for r in rows)


def test_profile_states_the_policy_in_force_with_the_history_beneath() -> None:
    at = run_page("views/entity.py", {"id": "hikvision"})
    assert not at.exception
    assert f"Licence review policy in force on {AS_OF.day} {AS_OF:%b %Y}" in [h.value for h in at.header]
    body = "\n".join(m.value for m in at.markdown)
    policy = DS.listing_changes.set_index("change_id").loc["revision-2020-infectious-disease", "review_policy"]
    assert policy.replace("(", "\\(").replace(")", "\\)") in body
    assert ":small[In force since 22 Jul 2020 (FR Doc. 2020-15827). Sources: " in body
    assert "**Firms owned 50% or more by this entity (the Affiliates rule).** Law firm Skadden, reading" in body
    assert [x.label for x in at.expander if x.label.startswith("How the entry changed")] == [
        "How the entry changed (6 changes, with their Federal Register citations)"
    ]
    assert not history_tables(at)  # beneath, built when opened
    at.session_state["prof_history"] = True
    at.run()
    (table,) = history_tables(at)
    assert len(table.splitlines()) == 2 + 6  # the 2023 listing of the Xinjiang units concerns Hikvision


def test_a_bureau_profile_leaves_out_a_listing_that_does_not_concern_it() -> None:
    at = run_page("views/entity.py", {"id": "kashgar-psb"})
    assert not at.exception
    at.session_state["prof_history"] = True
    at.run()
    (table,) = history_tables(at)
    assert len(table.splitlines()) == 2 + 5 and "88 FR 18983" not in table
