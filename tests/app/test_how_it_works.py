"""AppTest for /how-it-works: the page runs, presets load by URL, bad URL values are ignored, widgets update."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from listed.rules import PRESETS, VERDICT_DENIAL, VERDICT_NO_LISTED_PARTY, evaluate
from tests.conftest import open_sections, run_page, verdicts

ROOT = Path(__file__).resolve().parents[2]
APP = ROOT / "app.py"
PAGE = "views/how_it_works.py"
NOTICE = "Unknown preset ignored"


def open_page(preset: str | None = None) -> AppTest:
    """Start from the frame, as a reader does, and open the page, optionally as /how-it-works?preset=…"""
    return run_page(PAGE, None if preset is None else {"preset": preset})


def test_page_runs() -> None:
    at = open_page()
    assert not at.exception
    assert at.title[0].value == "How the Entity List works"
    assert not at.warning
    assert at.selectbox(key="hiw_preset").value == "custom"
    assert len(verdicts(at)) == 1
    assert "preset" not in at.query_params
    # The first reference section is shown; the others are folded and built only when opened.
    assert any(m.value.startswith("## What the Entity List is\n\n") for m in at.markdown)
    folded = {"How entities get on and off the list", "Know your customer and red flags", "Penalties",
              "How it differs from other U.S. lists", "When is an item subject to the EAR?"}  # fmt: skip
    labels = {x.label: x for x in at.expander}
    assert folded | {"Section numbers then and now", "Terms used on this page"} <= set(labels)
    before = sum(":small[Sources:" in m.value for m in at.markdown)
    assert not any("Export Control Reform Act" in m.value for m in at.markdown)  # Penalties: folded, not sent
    at = open_sections(at)
    assert "Glossary" in {h.value for h in at.header}
    sources = [m.value.rsplit(":small[", 1)[1] for m in at.markdown if ":small[Sources:" in m.value]
    assert len(sources) == before + 7  # the seven folded text sections, each with its own sources
    sources += [c.value for c in at.caption if c.value.startswith("Sources:")]
    assert all("](http" in s for s in sources) and not any("]()" in s for s in sources)
    # a Federal Register rule whose own page was not found is named, with the copy read linked as a copy
    assert any("original not found online — read via a copy: [regulations.justia.com](" in s for s in sources)


@pytest.mark.parametrize("slug", sorted(PRESETS))
def test_preset_loads_from_url(slug: str) -> None:
    at = open_page(slug)
    assert not at.exception
    assert not at.warning
    assert at.selectbox(key="hiw_preset").value == slug
    assert verdicts(at) == [evaluate(PRESETS[slug].transaction).verdict]
    assert PRESETS[slug].description in [i.value for i in at.info]
    assert at.query_params["preset"] == slug
    steps = next(m.value for m in at.markdown if m.value.startswith("1. **"))
    assert evaluate(PRESETS[slug].transaction).deciding_step.citation in steps


@pytest.mark.parametrize(
    "bad",
    ["<script>alert(1)</script>", "x" * 5000, "US-GPUS-TO-COMPANY", "custom", "../../etc/passwd", ""],
    ids=["script", "very-long", "wrong-case", "custom", "path", "empty"],
)
def test_bad_preset_is_ignored_with_a_notice(bad: str) -> None:
    at = open_page(bad)
    assert not at.exception
    notices = [w.value for w in at.warning]
    assert len(notices) == 1 and notices[0].startswith(NOTICE)
    assert all(slug in notices[0] for slug in PRESETS)
    everything = " ".join(e.value for e in [*at.markdown, *at.warning, *at.caption, *at.info] if e.value)
    assert "<script>" not in everything
    if bad.startswith("<") or len(bad) > 100:
        assert bad not in everything
    assert at.selectbox(key="hiw_preset").value == "custom"
    assert "preset" not in at.query_params
    assert len(verdicts(at)) == 1


def test_changing_a_widget_updates_the_outcome_and_drops_the_preset() -> None:
    at = open_page("unlisted-customer")
    assert verdicts(at) == [VERDICT_NO_LISTED_PARTY]
    at.radio(key="hiw_role_end_user").set_value("listed").run()
    assert not at.exception
    assert verdicts(at) == [VERDICT_DENIAL]
    assert at.selectbox(key="hiw_preset").value == "custom"
    assert "preset" not in at.query_params
    at.run()  # a rerun must not bring the preset back over the edit
    assert verdicts(at) == [VERDICT_DENIAL]


def test_choosing_a_preset_writes_the_url() -> None:
    at = open_page()
    at.selectbox(key="hiw_preset").set_value("protective-goods").run()
    assert not at.exception
    assert at.query_params["preset"] == "protective-goods"
    assert verdicts(at) == [evaluate(PRESETS["protective-goods"].transaction).verdict]
    assert at.checkbox(key="hiw_note_1a995").value is True


def test_de_minimis_widgets() -> None:
    at = open_page("foreign-low-us-content")
    assert verdicts(at) == [evaluate(PRESETS["foreign-low-us-content"].transaction).verdict]
    at.number_input(key="hiw_us_content").set_value(40.0).run()
    assert not at.exception
    assert verdicts(at) == [VERDICT_DENIAL]
    at.radio(key="hiw_de_minimis").set_value("e1").run()
    at.number_input(key="hiw_us_content").set_value(12.0).run()
    assert verdicts(at) == [VERDICT_DENIAL]


def test_bad_eccn_shows_an_error_not_a_traceback() -> None:
    at = open_page()
    at.radio(key="hiw_class_kind").set_value("ECCN").run()
    at.text_input(key="hiw_eccn").input("<b>GPU</b>").run()
    assert not at.exception
    assert len(at.error) == 1 and "ECCN" in at.error[0].value
    assert verdicts(at) == []
    at.text_input(key="hiw_eccn").input("1a004.c").run()
    assert not at.error
    assert verdicts(at) == ["Licence required: case-by-case review"]


def test_widget_keys_are_prefixed() -> None:
    at = open_page("foreign-direct-product")
    widgets = [*at.radio, *at.checkbox, *at.selectbox, *at.number_input, *at.text_input]
    assert widgets
    assert all(w.key and w.key.startswith("hiw_") for w in widgets)


def test_page_source_follows_the_rules() -> None:
    src = (ROOT / PAGE).read_text(encoding="utf-8")
    for banned in ("unsafe_allow_html", ":material/", "use_container_width", "set_page_config"):
        assert banned not in src
    assert "from listed.rules import" in src


def test_movement_follows_origin_and_twenty_percent_gives_the_de_minimis_lesson() -> None:
    at = open_page()
    at.radio(key="hiw_origin").set_value("foreign-us-content").run()
    assert at.radio(key="hiw_movement").value == "reexport"
    at.number_input(key="hiw_us_content").set_value(20.0).run()
    assert not at.exception
    body = "\n".join(m.value for m in at.markdown)
    assert "**Subject to the EAR:** No" in body and "**Licence required under this rule:** No" in body
    assert "de minimis" in body.lower()


def test_custom_transaction_round_trips_through_the_url() -> None:
    at = open_page()
    at.radio(key="hiw_origin").set_value("foreign-us-content").run()
    at.number_input(key="hiw_us_content").set_value(30.0).run()
    params = {k: (v[-1] if isinstance(v, list) else v) for k, v in at.query_params.items()}
    assert params["origin"] == "foreign-us-content" and params["content"] == "30" and "preset" not in params
    verdict = verdicts(at)
    fresh = AppTest.from_file(str(APP), default_timeout=30).run()
    for k, v in params.items():
        fresh.query_params[k] = v
    fresh.switch_page(PAGE).run()
    assert fresh.radio(key="hiw_origin").value == "foreign-us-content"
    assert fresh.number_input(key="hiw_us_content").value == 30.0
    assert verdicts(fresh) == verdict
    assert not fresh.warning


def test_default_transaction_keeps_the_url_clean_and_bad_link_values_get_a_notice() -> None:
    at = open_page()
    assert dict(at.query_params) == {}
    fresh = AppTest.from_file(str(APP), default_timeout=30).run()
    fresh.query_params["origin"] = "mars"
    fresh.query_params["content"] = "<script>"
    fresh.switch_page(PAGE).run()
    assert not fresh.exception
    notes = [w.value for w in fresh.warning]
    assert len(notes) == 2 and all(n.startswith("Part of the link was ignored") for n in notes)
