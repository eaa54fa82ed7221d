"""The classroom deck: built from the dataset, sourced, with a quiz that matches the data, and a one-page handout."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from listed.loader import load_dataset
from listed.slides import (
    BLANK,
    QuizItem,
    build_deck,
    handout_markdown,
    handout_sources,
    handout_text,
    hide_answers,
    kind_counts,
    lesson_plans,
    parse_notes,
    parse_present,
    parse_slide,
    quiz_items,
)
from tests.fixtures import tables, write_dataset

KINDS = {"title", "content", "discussion", "quiz", "sources"}


@pytest.fixture(scope="module", params=["fixture", "curated"])
def ds(request, tmp_path_factory):
    """Every test runs on the tiny fixture and on the curated dataset: nothing may depend on one of them."""
    if request.param == "fixture":
        return load_dataset(write_dataset(tmp_path_factory.mktemp("slides") / "ds"))
    return load_dataset()


@pytest.fixture(scope="module")
def deck(ds):
    return build_deck(ds)


def slide(deck, title_start: str):
    return next(s for s in deck if s.title.startswith(title_start))


def day(value) -> str:
    d = pd.Timestamp(value)
    return f"{d.day} {d:%B %Y}"


def test_deck_shape(deck):
    assert len(deck) >= 10
    assert deck[0].kind == "title"
    assert deck[-1].kind == "sources"
    for s in deck:
        assert s.kind in KINDS
        assert s.title.strip() and s.notes.strip(), s.title
        assert s.points and all(isinstance(p, str) and p.strip() for p in s.points), s.title
    assert [s.title for s in deck if s.kind == "discussion"]


def test_every_slide_cites_sources_that_exist(ds, deck):
    known = set(ds.sources["source_id"])
    for s in deck:
        assert s.source_ids, f"slide '{s.title}' cites no source"
        assert set(s.source_ids) <= known, s.title
        assert len(s.source_ids) == len(set(s.source_ids)), s.title
        if s.quiz:
            assert set(s.quiz.source_ids) <= known


def test_sources_slide_lists_every_cited_source(ds, deck):
    cited = {i for s in deck[:-1] for i in s.source_ids}
    assert set(deck[-1].source_ids) == cited
    src = ds.sources.set_index("source_id")
    # the original's URL; where it was not found online, the copy read, and the label says so
    want = [src.loc[i, "url"] or src.loc[i, "copy_url"] for i in deck[-1].source_ids]
    assert [url for _, url in deck[-1].links] == want and all(want)
    for (label, _), i in zip(deck[-1].links, deck[-1].source_ids, strict=True):
        assert ("original not found online" in label) == (src.loc[i, "url"] == "")


def test_counts_come_from_the_dataset(ds, deck):
    n, counts = len(ds.entities), kind_counts(ds)
    assert counts == {k: int((ds.entities["kind"] == k).sum()) for k in counts}
    assert sum(counts.values()) == n
    assert str(n) in deck[0].title
    who = " ".join(slide(deck, "Who was listed").points)
    gov = counts["government-bureau"] + counts["institute"]
    assert f"{n} entities in all: {gov} government bodies and {counts['company']} companies" in who
    assert f"{counts['government-bureau']} public security" in who
    for name in ds.entities.loc[ds.entities["kind"] == "institute", "common_name"]:
        assert name in who


def test_companies_slide_names_every_company(ds, deck):
    companies = ds.entities[ds.entities["kind"] == "company"]
    s = slide(deck, f"The {len(companies)} compan")
    assert len(s.points) == len(companies)
    for name in companies["common_name"]:
        assert any(p.startswith(name) for p in s.points), name


def test_technology_slide_matches_the_links(ds, deck):
    s = slide(deck, "What the companies are alleged")
    names = dict(zip(ds.technologies["name"], ds.technologies["tech_id"], strict=True))
    ents = dict(zip(ds.entities["common_name"], ds.entities["entity_id"], strict=True))
    links = set(zip(ds.entity_technologies["entity_id"], ds.entity_technologies["tech_id"], strict=True))
    for point in s.points:
        tech, who = point.split(": ", 1)
        for company in who.split(", "):
            assert (ents[company], names[tech]) in links, point


def test_bureau_slide_keeps_the_hedge(deck):
    s = slide(deck, "The bureaus")
    assert "reportedly" in s.title
    assert all("reportedly" in p for p in s.points[1:])
    # An operate link may rest on reporting about the police of a bureau's area (issue 12): the slide says so.
    assert all(
        p.endswith(" or the police of their areas")
        if "listed bodies" in p
        else p.endswith(" or the police of its area")
        for p in s.points[1:]
    )


def test_later_events_come_after_the_rule_and_from_the_dataset(ds, deck):
    s = slide(deck, "What came after")
    effective = pd.Timestamp(ds.metadata["rule"]["effective"])
    titles = set(ds.events["title"])
    for point in s.points:
        when, title = point.split(": ", 1)
        assert title in titles
        ev = ds.events[ds.events["title"] == title].iloc[0]
        assert ev["date"] > effective
        assert str(ev["date"].year) in when


def test_responses_quote_response_claims(ds, deck):
    responses = ds.claims.loc[ds.claims["claim_type"] == "response", "statement"]
    s = next((x for x in deck if x.title.startswith("How China")), None)
    if responses.empty:
        assert s is None
        return
    for point in s.points:
        assert any(stmt.startswith(point.rstrip(".")) for stmt in responses), point


def test_chip_figures_match_the_tables(ds, deck):
    s = slide(deck, "The chip chokepoint")
    shares = ds.chip_shares
    for point in s.points:
        if point.startswith("U.S. firms"):
            pct = float(point.split(": ")[1].split("%")[0])
            assert pct in set(shares.loc[shares["measure"] == "value-added", "share_pct"]), point
        elif "imported" in point:
            assert any(f"{v:g}" in point for v in ds.china_chips["value"])


def test_quiz(ds, deck):
    quiz = [s for s in deck if s.kind == "quiz"]
    assert 4 <= len(quiz) <= 6
    assert [s.quiz for s in quiz] == quiz_items(ds)
    for s in quiz:
        q = s.quiz
        assert q.answer in q.options
        assert len(q.options) == len(set(q.options)) >= 3
        assert q.explanation and q.question in s.points
    by_question = {s.quiz.question: s.quiz for s in quiz}
    count = next(q for text, q in by_question.items() if text.startswith("How many Chinese entities"))
    assert count.answer == str(len(ds.entities))
    when = next(q for text, q in by_question.items() if "take effect" in text)
    assert when.answer == day(ds.metadata["rule"]["effective"])
    share = next((q for text, q in by_question.items() if "value added" in text), None)
    if share is not None:
        us = ds.chip_shares[ds.chip_shares["region"].isin(["United States", "USA", "US", "U.S."])]
        assert float(share.answer.rstrip("%")) in set(us["share_pct"])


def test_handout(ds, deck):
    text = handout_markdown(ds)
    assert ds.metadata["data_as_of"] in text
    assert day(ds.metadata["rule"]["effective"]) in text
    for s in deck:
        if s.quiz:
            assert s.quiz.question in text
            assert s.quiz.explanation not in text  # no answers on the handout
    urls = dict(zip(ds.sources["source_id"], ds.sources["url"], strict=True))
    ids = handout_sources(deck)
    assert ids and all(urls[i] in text for i in ids)
    story = text.split("## The story", 1)[1].split("##", 1)[0]
    assert 8 <= story.count("\n- ") <= 14
    assert len(text.splitlines()) < 80  # one printed page
    plain = handout_text(ds)
    assert "\n#" not in plain and ds.metadata["data_as_of"] in plain


def gives_away(answer: str, text: str) -> bool:
    """Whether the answer's text stands in ``text`` as a whole (so '8' is not found inside '2018')."""
    return re.search(rf"(?<![\w.]){re.escape(answer)}(?![\w%])", text, flags=re.IGNORECASE) is not None


def test_handout_story_does_not_give_the_quiz_away(ds, deck):
    story = handout_markdown(ds).split("## The story", 1)[1].split("##", 1)[0]
    assert story.strip()
    for item in quiz_items(ds):
        assert not gives_away(item.answer, story), item.answer
        assert item.explanation not in story
    assert gives_away("28", "of the 28 entities") and not gives_away("8", "in 2018")  # the check itself works


def test_companies_carry_their_chinese_names(ds, deck):
    s = next(x for x in deck if x.key == "companies")
    for r in ds.entities[ds.entities["kind"] == "company"].itertuples():
        point = next(p for p in s.points if p.startswith(r.common_name))
        if r.name_zh:
            assert r.name_zh in point


def test_chip_chart_figures_come_from_the_table(ds, deck):
    s = next((x for x in deck if x.key == "chips"), None)
    va = ds.chip_shares[ds.chip_shares["measure"] == "value-added"]
    if va.empty:
        assert s is None or s.chart is None
        return
    chart = s.chart
    assert chart.kind == "bar" and chart.unit == "%"
    year = va["year"].max()
    for region, values in chart.series:
        for segment, value in zip(chart.categories, values, strict=True):
            row = va[(va["year"] == year) & (va["segment"] == segment) & (va["region"] == region)]
            assert row["share_pct"].tolist() == [value], (region, segment)
    assert {r for r, _ in chart.series} == set(va.loc[va["year"] == year, "region"])
    assert set(chart.source_ids) <= set(s.source_ids)


def test_lesson_plans(deck):
    plans = lesson_plans(deck)
    assert [p.minutes for p in plans] == [20, 45]
    quiz = [n for n, s in enumerate(deck, start=1) if s.kind == "quiz"]
    for plan in plans:
        assert sum(step.minutes for step in plan.steps) == plan.minutes
        assert all(step.minutes > 0 and step.activity and step.prompt for step in plan.steps)
        used = [n for step in plan.steps for n in step.slides]
        assert used == sorted(used) and len(used) == len(set(used)), "slides in deck order, each once"
        assert all(1 <= n <= len(deck) for n in used)
        assert set(quiz) <= set(used), "every plan ends with the quiz"
        assert any(deck[n - 1].kind == "discussion" for n in used)
    short, long = plans
    assert len({n for s in long.steps for n in s.slides}) > len({n for s in short.steps for n in s.slides})


def test_handout_story_does_not_answer_the_quiz(ds):
    text = handout_markdown(ds)
    story = text.split("## The story", 1)[1].split("## Discuss", 1)[0]  # the story and the key dates
    heading = text.split("\n", 1)[0]
    items = quiz_items(ds)
    assert any(i.giveaways for i in items)
    for item in items:
        for word in item.revealing:
            pattern = rf"(?<![\w.]){re.escape(word)}(?!\w|\.\d)"
            assert not re.search(pattern, story, re.IGNORECASE), (item.question, word)
            assert not re.search(pattern, heading, re.IGNORECASE), (item.question, word)
        assert item.question in text  # the quiz itself is still there, with every option
        assert all(o in text for o in item.options)
    assert BLANK in story


def test_hide_answers_blanks_whole_words_only():
    item = QuizItem(question="?", options=["28"], answer="28", explanation="", source_ids=[], giveaways=("licence",))
    assert (
        hide_answers("28 bodies, 2028, 84 FR 54028, 28.5, Licence.", [item])
        == "_____ bodies, 2028, 84 FR 54028, 28.5, _____."
    )


def test_deck_without_optional_tables(tmp_path):
    data = tables()
    data["chip_shares"], data["china_chips"] = [], []
    data["events"] = [e for e in data["events"] if e["category"] == "listing"]
    data["claims"].append(
        {"claim_id": "hikvision-response", "entity_id": "hikvision", "date": "2019-10-08", "claim_type": "response",
         "scope": "entity", "hedge": "stated",
         "statement": "Hikvision said it opposed the decision; it said more. Then more.",
         "disputed_by": "", "source_ids": "fr-2019-22210"}
    )  # fmt: skip
    ds = load_dataset(write_dataset(tmp_path / "ds", data))
    deck = build_deck(ds)
    titles = [s.title for s in deck]
    assert "The chip chokepoint" not in titles and "What came after" not in titles
    assert slide(deck, "How China").points == ["Hikvision said it opposed the decision."]
    fallback = quiz_items(ds)[-1]
    assert fallback.answer == str(kind_counts(ds)["company"])
    assert "Data as of" in handout_markdown(ds)
    story = handout_markdown(ds).split("## The story", 1)[1].split("##", 1)[0]
    assert not any(gives_away(q.answer, story) for q in quiz_items(ds))
    for plan in lesson_plans(deck):  # the missing slides' minutes go to the discussion
        assert sum(step.minutes for step in plan.steps) == plan.minutes


@pytest.mark.parametrize(
    ("raw", "expected", "notice"),
    [
        (None, 1, False),
        ("1", 1, False),
        ("3", 3, False),
        (" 4 ", 4, False),
        ("10", 10, False),
        ("11", 10, True),
        ("999", 10, True),
        ("9" * 5000, 10, True),
        ("0", 1, True),
        ("-1", 1, True),
        ("-" + "9" * 40, 1, True),
        ("abc", 1, True),
        ("", 1, True),
        ("2.5", 1, True),
        ("<script>alert(1)</script>", 1, True),
        ("３", 1, True),
    ],
)
def test_parse_slide(raw, expected, notice):
    number, message = parse_slide(raw, 10)
    assert number == expected
    assert (message is not None) == notice
    if message and raw and raw.strip():
        assert raw.strip() not in message  # the notice never echoes what was typed


@pytest.mark.parametrize(
    ("raw", "on", "notice"), [(None, False, False), ("1", True, False), ("0", False, False), ("yes", False, True)]
)
def test_parse_notes(raw, on, notice):
    value, message = parse_notes(raw)
    assert value is on
    assert (message is not None) == notice


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (None, (False, None)),
        ("1", (True, None)),
        (" 1 ", (True, None)),
        ("0", (False, None)),
        (1, (True, None)),
        ("yes", (False, "The presentation setting in the link was not 0 or 1, so the deck opened in the page.")),
        ("", (False, "The presentation setting in the link was not 0 or 1, so the deck opened in the page.")),
        ("10", (False, "The presentation setting in the link was not 0 or 1, so the deck opened in the page.")),
    ],
)
def test_parse_present(raw, expected):
    assert parse_present(raw) == expected
