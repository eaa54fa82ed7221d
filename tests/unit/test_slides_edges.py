"""Classroom edges: the handout's exact lines and sections, the lead sources it prints, the first clause of a
response, and lesson plans on decks that lack slides, questions or a discussion (slides.py mutation survivors)."""

from __future__ import annotations

import pytest

from listed.loader import load_dataset
from listed.slides import (
    QuizItem,
    Slide,
    _first_clause,
    build_deck,
    handout_markdown,
    handout_sources,
    handout_text,
    lesson_plans,
)
from tests.fixtures import tables, write_dataset

FR = "fr-2019-22210"
CSIS = "csis-2019-xinjiang-28"
CSIS_URL = "https://www.csis.org/analysis/united-states-blacklisted-28-chinese-entities-over-repression-muslim-minorities-xinjiang"
OPEN = "Who was listed, for what, and what does a listing do? Ask for guesses before the first slide."
LEARN = "What did you learn from these slides?"
ACT20 = [
    "Open: the question the class will answer",
    "Who was listed, and when: walk through the three slides",
    "Why this one was new, and what a listing does",
    "Pairs: each pair picks one question and reports one sentence back",
    "Quiz: the class votes on each question, then reveal the answer",
]
ACT45 = [
    "Open: the question the class will answer",
    "What happened, and who was listed",
    "The companies, what they are alleged to supply, and what the bureaus reportedly run; stress the hedges "
    "(alleged, reportedly)",
    "Why it was new, and what a listing does and does not do",
    "The chip chokepoint: why U.S. chips and software matter",
    "What came after, and how China and the companies responded",
    "Groups: one question per group, then each group reports back",
    "Quiz: vote, then reveal the answers and explanations",
    "Close: where the facts come from",
]
QUIZ20 = "Which answer surprised you, and which source would you check?"
QUIZ45 = "Which answer surprised you?"
CLOSE = "Name one source you would read next, and why."


@pytest.fixture(scope="module", params=["fixture", "curated"])
def ds(request, tmp_path_factory):
    if request.param == "fixture":
        return load_dataset(write_dataset(tmp_path_factory.mktemp("slides") / "ds"))
    return load_dataset()


@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    return load_dataset(write_dataset(tmp_path_factory.mktemp("tiny") / "ds"))


# --- the handout -------------------------------------------------------------------------------------------------


def tiny_handout(as_of: str) -> str:
    """The whole handout of the tiny fixture dataset, written out by hand."""
    return "\n".join(
        [
            "# Chinese entities on the U.S. Entity List (October 2019)",
            "",
            f"Classroom handout from Listed. Data as of {as_of}. Rule 84 FR 54002, FR Doc. 2019-22210: "
            "https://www.federalregister.gov/d/2019-22210",
            "",
            "## The story",
            "",
            "Fill in the blanks (_____) as you follow the slides: the quiz below asks about them.",
            "",
            "- In October 2019 the United States added Xinjiang government bodies and Chinese makers of surveillance "
            "technology to its Entity List, over repression in Xinjiang.",
            "- The Commerce Department announced the listing in October 2019; the rule took effect when the Federal "
            "Register published it (84 FR 54002).",
            "- Who: Xinjiang's public security (police) bureaus and Xinjiang Police College, and Chinese companies "
            "that make surveillance technology.",
            "- The companies: Dahua, Hikvision (海康威视), Iflytek, Megvii, Meiya Pico, Sensetime, Yitu, Yixin.",
            "- What the companies are alleged or reported to supply: video surveillance; facial recognition.",
            "- What the Xinjiang police bureaus reportedly run: facial recognition.",
            "- Why it was new: in CSIS's assessment, no earlier listing had rested explicitly on the interest this "
            "one named.",
            "- What a listing does, and does not do: how it limits what can be sent to the entity, and how it "
            "differs from a Treasury sanction.",
            "- The chip chokepoint: the listed companies build their products on chips and chip-design software, "
            "much of it American; China imported chips worth about US$304 billion (2019).",
            "- What came after: a U.S. investment ban (see the key dates).",
            "",
            "## Key dates",
            "",
            "- 7 October 2019: the listing is announced",
            "- _____: the rule is published in the Federal Register and takes effect",
            "- 10 December 2021: Investment ban",
            "",
            "## Discuss",
            "",
            "- Is an export control the right tool against human-rights abuses?",
            "- Who bears the cost: the listed firms, U.S. suppliers, or people in Xinjiang?",
            "- Should it matter that the listed technologies also have ordinary uses?",
            "- What evidence would you want before listing a company?",
            "",
            "## Quiz",
            "",
            "1. How many Chinese entities did the October 2019 rule add to the Entity List?  "
            "(a) 8  (b) 20  (c) 28  (d) 48",
            "2. On what date did the listing take effect?  "
            "(a) 1 October 2019  (b) 7 October 2019  (c) 9 October 2019  (d) 1 January 2020",
            "3. Which U.S. interest did the listing name?  (a) National security: weapons proliferation  "
            "(b) Foreign policy: human rights  (c) Trade: unfair subsidies  (d) Counter-terrorism financing",
            "4. What does being on the Entity List require?  (a) A freeze of the entity's assets in the United States"
            "  (b) A ban on Americans buying the entity's products  (c) A U.S. licence to send it items subject to "
            "U.S. export rules  (d) Criminal charges against its managers",
            "5. About what share of the value added in EDA and core IP came from U.S. firms in 2019?  "
            "(a) 12%  (b) 35%  (c) 50%  (d) 74%",
            "",
            "## Sources",
            "",
            "- Bureau of Industry and Security, Addition of Certain Entities to the Entity List (9 October 2019). "
            "https://www.federalregister.gov/d/2019-22210",
            f"- Center for Strategic and International Studies, Brief (October 2019). {CSIS_URL}",
            "",
            f"The slides cite 2 sources in all: see their Sources slide, or the Sources & data page of Listed. "
            f"Data as of {as_of}. Curation licensed CC-BY-4.0. An educational explainer, not legal advice.",
            "",
        ]
    )


def test_tiny_handout_markdown_exactly(tiny):
    got = handout_markdown(tiny)
    want = tiny_handout(tiny.metadata["data_as_of"])
    assert got.splitlines() == want.splitlines()  # line by line first, for a readable failure
    assert got == want


def test_tiny_handout_text_only_drops_the_heading_marks(tiny):
    want = tiny_handout(tiny.metadata["data_as_of"])
    for heading in ("The story", "Key dates", "Discuss", "Quiz", "Sources"):
        want = want.replace(f"\n## {heading}\n", f"\n{heading}\n")
    want = want.replace("# Chinese entities", "Chinese entities", 1)
    assert handout_text(tiny) == want


def sections(text: str) -> dict[str, list[str]]:
    """Each '## ' section's lines, from below the blank line after its heading to above the blank line before the
    next heading (the Sources section stops at the closing paragraph)."""
    out = {}
    for part in text.split("\n\n## ")[1:]:
        heading, _, body = part.partition("\n")
        assert body.startswith("\n"), heading  # a blank line below every heading
        out[heading] = body[1:].split("\n\nThe slides cite ")[0].split("\n")
    return out


def test_handout_sections_in_order_with_blank_lines(ds):
    text = handout_markdown(ds)
    deck = build_deck(ds)
    lines = text.split("\n")
    as_of, rule = ds.metadata["data_as_of"], ds.metadata["rule"]
    assert lines[:8] == [
        "# Chinese entities on the U.S. Entity List (October 2019)",
        "",
        f"Classroom handout from Listed. Data as of {as_of}. Rule {rule['citation']}, FR Doc. {rule['fr_doc']}: "
        f"{rule['url']}",
        "",
        "## The story",
        "",
        "Fill in the blanks (_____) as you follow the slides: the quiz below asks about them.",
        "",
    ]
    assert lines[-3:] == [
        "",
        f"The slides cite {len(deck[-1].source_ids)} sources in all: see their Sources slide, or the Sources & data "
        f"page of Listed. Data as of {as_of}. Curation licensed {ds.metadata['license']['name']}. "
        "An educational explainer, not legal advice.",
        "",
    ]
    heads = [ln for ln in lines if ln.startswith("#")]
    assert heads == [lines[0], "## The story", "## Key dates", "## Discuss", "## Quiz", "## Sources"]
    for h in heads[1:]:
        i = lines.index(h)
        assert lines[i - 1] == "" and lines[i + 1] == "", h
    assert lines.count("") == 2 + 2 * len(heads[1:]) + 2  # no other blank line, and no stray text between them
    sec = sections(text)
    assert list(sec) == ["The story", "Key dates", "Discuss", "Quiz", "Sources"]
    story = sec["The story"]
    assert story[1] == "" and len(story) == 2 + sum(1 for s in deck if s.summary)  # the instruction, one per summary
    assert all(ln.startswith("- ") for ln in story[2:])
    assert len(sec["Key dates"]) >= 2 and all(ln.startswith("- ") for ln in sec["Key dates"])
    discussion = next(s for s in deck if s.kind == "discussion")
    assert sec["Discuss"] == [f"- {q}" for q in discussion.points]
    quiz = [s.quiz for s in deck if s.kind == "quiz"]
    assert sec["Quiz"] == [
        f"{n}. {q.question}  " + "  ".join(f"({'abcd'[i]}) {o}" for i, o in enumerate(q.options))
        for n, q in enumerate(quiz, start=1)
    ]
    assert len(sec["Sources"]) == len(handout_sources(deck))
    plain = [ln.removeprefix("## ").removeprefix("# ") for ln in lines]
    assert handout_text(ds).split("\n") == plain


def test_handout_sources_lines_follow_the_dataset(ds):
    """Each source line: publisher, title, date, the original's URL, and the copy read when there was one."""
    deck = build_deck(ds)
    lines = sections(handout_markdown(ds))["Sources"]
    src = ds.sources.set_index("source_id")
    pubs = ds.publishers.set_index("publisher_id")["name"]
    for line, i in zip(lines, handout_sources(deck), strict=True):
        s = src.loc[i]
        assert line.startswith(f"- {pubs[s['publisher_id']]}, "), line
        if s["url"] and s["copy_url"]:
            assert line.endswith(f"). {s['url']} Read via a copy: {s['copy_url']}"), line
        elif s["url"]:
            assert line.endswith(f"). {s['url']}"), line
            assert "copy" not in line.rsplit("). ", 1)[1]
        else:
            assert line.endswith(f"). Original not found online; read via a copy: {s['copy_url']}"), line


def test_handout_key_dates_keep_the_events_precision_and_a_copy_is_named(tmp_path):
    data = tables()
    later = next(e for e in data["events"] if e["event_id"] == "later")
    later.update(date="2021-12-01", date_precision="month")
    data["sources"][0] = {
        **data["sources"][0],
        "copy_url": "https://docslib.org/doc/1/the-rule",
        "copy_note": "A copy of the rule.",
    }
    ds = load_dataset(write_dataset(tmp_path / "ds", data))
    sec = sections(handout_markdown(ds))
    assert sec["Key dates"][-1] == "- December 2021: Investment ban"
    assert sec["Sources"] == [
        "- Bureau of Industry and Security, Addition of Certain Entities to the Entity List (9 October 2019). "
        "https://www.federalregister.gov/d/2019-22210 Read via a copy: https://docslib.org/doc/1/the-rule",
        f"- Center for Strategic and International Studies, Brief (October 2019). {CSIS_URL}",
    ]


# --- the handout's sources ----------------------------------------------------------------------------------------


def mk(key: str, kind: str = "content", question: str | None = None, ids=("x",), summary: str = "", points=None):
    return Slide(
        title=key.title(),
        points=list(points) if points else [f"A point of {key}", f"another of {key}"],
        notes="Notes.",
        source_ids=list(ids),
        question=question,
        kind=kind,
        key=key,
        summary=summary,
        quiz=QuizItem(question=f"{key}?", options=["a", "b", "c"], answer="a", explanation="", source_ids=list(ids))
        if kind == "quiz"
        else None,
    )


def test_handout_sources_are_the_lead_source_of_story_and_quiz_slides_only():
    deck = [
        mk("title", "title", ids=["a", "b"], summary="The story."),
        mk("empty", ids=[], summary="A summary with no source."),
        mk("discussion", "discussion", ids=["d", "a"]),
        mk("when", ids=["b", "e"], summary="When."),
        mk("quiz-1", "quiz", ids=["c", "a"]),
        mk("again", ids=["a"], summary="Again."),
        mk("sources", "sources", ids=["a", "b", "c", "d", "e"]),
    ]
    assert handout_sources(deck) == ["a", "b", "c"]


def test_handout_sources_of_the_tiny_deck(tiny):
    assert handout_sources(build_deck(tiny)) == [FR, CSIS]


# --- a response's first clause ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("The ministry said no. Then it said more.", "The ministry said no."),
        ("  It denied the claims...  ", "It denied the claims."),
        ("It objected; it called the listing interference; it said more.", "It objected."),
        ("...It objected.", "...It objected."),
    ],
)
def test_first_clause(text, want):
    assert _first_clause(text) == want


# --- lesson plans -------------------------------------------------------------------------------------------------

DISCUSS = ["First question?", "Second question?"]
JOINED = "First question? Second question?"


def plan_rows(deck):
    return [
        (p.minutes, p.title, p.aim, [(s.minutes, s.slides, s.activity, s.prompt) for s in p.steps])
        for p in lesson_plans(deck)
    ]


AIM20 = "Students can say who was listed, what a listing does, and why this one was new."
AIM45 = (
    "Students can explain the listing, weigh the evidence behind it, and argue whether export controls fit "
    "human-rights aims."
)


def test_plans_without_questions_ask_the_discussion_and_give_missing_minutes_to_it():
    """No slide asks a question: steps ask the discussion's questions; the chip and after steps' 10 minutes
    (two missing steps) go to the discussion."""
    deck = [
        mk("title", "title"),
        mk("when"),
        mk("who"),
        mk("companies"),
        mk("why-new"),
        mk("what-it-does"),
        mk("discussion", "discussion", points=DISCUSS),
        mk("quiz-1", "quiz"),
        mk("quiz-2", "quiz"),
        mk("sources", "sources"),
    ]
    assert plan_rows(deck) == [
        (
            20,
            "A 20-minute lesson",
            AIM20,
            [
                (2, [1], ACT20[0], OPEN),
                (5, [2, 3, 4], ACT20[1], JOINED),
                (5, [5, 6], ACT20[2], JOINED),
                (4, [7], ACT20[3], JOINED),
                (4, [8, 9], ACT20[4], QUIZ20),
            ],
        ),
        (
            45,
            "A 45-minute lesson",
            AIM45,
            [
                (3, [1], ACT45[0], OPEN),
                (5, [2, 3], ACT45[1], JOINED),
                (7, [4], ACT45[2], JOINED),
                (6, [5, 6], ACT45[3], JOINED),
                (8 + 5 + 5, [7], ACT45[6], JOINED),
                (4, [8, 9], ACT45[7], QUIZ45),
                (2, [10], ACT45[8], CLOSE),
            ],
        ),
    ]


def test_plans_ask_the_first_question_of_each_steps_own_slides():
    """The discussion comes second here; a step asks the question of its own first slide that has one."""
    deck = [
        mk("title", "title"),
        mk("discussion", "discussion", points=DISCUSS),
        mk("when"),
        mk("who", question="Who?"),
        mk("companies"),
        mk("why-new"),
        mk("what-it-does", question="What?"),
        mk("technologies"),
        mk("bureaus", question="Bureaus?"),
        mk("chips", question="Chips?"),
        mk("after"),
        mk("responses", question="Responses?"),
        mk("quiz-1", "quiz"),
        mk("sources", "sources"),
    ]
    twenty, forty_five = plan_rows(deck)
    assert twenty[3] == [
        (2, [1], ACT20[0], OPEN),
        (5, [3, 4, 5], ACT20[1], "Who?"),
        (5, [6, 7], ACT20[2], "What?"),
        (4, [2], ACT20[3], JOINED),
        (4, [13], ACT20[4], QUIZ20),
    ]
    assert forty_five[3] == [
        (3, [1], ACT45[0], OPEN),
        (5, [3, 4], ACT45[1], "Who?"),
        (7, [5, 8, 9], ACT45[2], "Bureaus?"),
        (6, [6, 7], ACT45[3], "What?"),
        (5, [10], ACT45[4], "Chips?"),
        (5, [11, 12], ACT45[5], "Responses?"),
        (8, [2], ACT45[6], JOINED),
        (4, [13], ACT45[7], QUIZ45),
        (2, [14], ACT45[8], CLOSE),
    ]


def test_plans_without_a_discussion_give_its_minutes_to_the_last_step():
    deck = [
        mk("title", "title"),
        mk("when"),
        mk("who"),
        mk("companies"),
        mk("why-new"),
        mk("what-it-does"),
        mk("quiz-1", "quiz"),
        mk("sources", "sources"),
    ]
    twenty, forty_five = plan_rows(deck)
    assert twenty[3] == [
        (2, [1], ACT20[0], OPEN),
        (5, [2, 3, 4], ACT20[1], LEARN),
        (5, [5, 6], ACT20[2], LEARN),
        (4 + 4, [7], ACT20[4], QUIZ20),
    ]
    assert forty_five[3] == [
        (3, [1], ACT45[0], OPEN),
        (5, [2, 3], ACT45[1], LEARN),
        (7, [4], ACT45[2], LEARN),
        (6, [5, 6], ACT45[3], LEARN),
        (4, [7], ACT45[7], QUIZ45),
        (2 + 5 + 5 + 8, [8], ACT45[8], CLOSE),
    ]


def test_the_discussion_step_asks_its_own_slides_questions():
    """A deck with a warm-up discussion slide before the one the plan uses: the step asks the one it shows."""
    deck = [
        mk("title", "title"),
        mk("warm-up", "discussion", points=["Warm-up question?"]),
        mk("when"),
        mk("who", question="Who?"),
        mk("companies"),
        mk("why-new", question="Why?"),
        mk("what-it-does"),
        mk("discussion", "discussion", points=DISCUSS),
        mk("quiz-1", "quiz"),
        mk("sources", "sources"),
    ]
    twenty, forty_five = plan_rows(deck)
    assert twenty[3][3] == (4, [8], ACT20[3], JOINED)
    assert next(s for s in forty_five[3] if s[1] == [8]) == (8 + 5 + 5, [8], ACT45[6], JOINED)


def test_plans_of_the_built_deck(ds):
    deck = build_deck(ds)
    n = {s.key: i for i, s in enumerate(deck, start=1)}
    by = {s.key: s for s in deck}
    quiz = [i for i, s in enumerate(deck, start=1) if s.kind == "quiz"]
    joined = " ".join(by["discussion"].points)
    twenty, forty_five = plan_rows(deck)
    assert twenty == (
        20,
        "A 20-minute lesson",
        AIM20,
        [
            (2, [n["title"]], ACT20[0], OPEN),
            (5, [n["when"], n["who"], n["companies"]], ACT20[1], by["who"].question),
            (5, [n["why-new"], n["what-it-does"]], ACT20[2], by["why-new"].question),
            (4, [n["discussion"]], ACT20[3], joined),
            (4, quiz, ACT20[4], QUIZ20),
        ],
    )
    missing = 5 if "responses" not in n and "after" not in n else 0
    assert forty_five[3][6] == (8 + missing, [n["discussion"]], ACT45[6], joined)
    assert [s[0] for s in forty_five[3]][:6] == [3, 5, 7, 6, 5, 5]
    assert forty_five[3][2][3] == by["technologies"].question
