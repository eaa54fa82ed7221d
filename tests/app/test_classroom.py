"""AppTest: the classroom page. Navigation, the slide number in the URL, notes, the quiz and the handout."""

from __future__ import annotations

import pytest

from components.ui import data_dir, md_escape
from listed.loader import load_dataset
from listed.slides import build_deck, lesson_plans
from tests.conftest import run_page

PAGE = "views/classroom.py"
DECK = build_deck(load_dataset(data_dir()))
TOTAL = len(DECK)
QUIZ = [n for n, s in enumerate(DECK, start=1) if s.kind == "quiz"]


def shown(at) -> tuple[str, str]:
    """The slide title on screen and the progress text."""
    return at.title[0].value, at.get("progress")[0].proto.text


def url(at, key: str) -> str | None:
    """A query parameter as the page last wrote it (AppTest may hold a string or a list)."""
    value = at.query_params.get(key)
    return value[-1] if isinstance(value, list) else value


def notices(at) -> list[str]:
    return [i.value for i in at.info]


def ok(at) -> None:
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]


def test_opens_at_the_slide_in_the_url():
    at = run_page(PAGE, {"slide": "3"})
    ok(at)
    assert shown(at) == (md_escape(DECK[2].title), f"Slide 3 of {TOTAL}")
    assert notices(at) == []


def test_no_parameter_opens_the_first_slide_without_a_notice():
    at = run_page(PAGE)
    ok(at)
    assert shown(at) == (md_escape(DECK[0].title), f"Slide 1 of {TOTAL}")
    assert notices(at) == []
    assert at.button(key="cls_prev").disabled
    assert not at.button(key="cls_next").disabled


def test_next_and_previous_move_and_write_the_url():
    at = run_page(PAGE, {"slide": "3"})
    at.button(key="cls_next").click().run()
    ok(at)
    assert shown(at) == (md_escape(DECK[3].title), f"Slide 4 of {TOTAL}")
    assert url(at, "slide") == "4"
    at.button(key="cls_prev").click().run()
    at.button(key="cls_prev").click().run()
    ok(at)
    assert shown(at)[1] == f"Slide 2 of {TOTAL}"
    assert url(at, "slide") == "2"


def test_every_slide_renders():
    at = run_page(PAGE, {"slide": "1"})
    for n in range(1, TOTAL + 1):
        ok(at)
        assert shown(at) == (md_escape(DECK[n - 1].title), f"Slide {n} of {TOTAL}")
        assert at.caption, f"slide {n} has no source line"
        if n < TOTAL:
            at.button(key="cls_next").click().run()
    assert at.button(key="cls_next").disabled


def test_out_of_range_clamps_to_the_last_slide_with_a_notice():
    at = run_page(PAGE, {"slide": "999"})
    ok(at)
    assert shown(at)[1] == f"Slide {TOTAL} of {TOTAL}"
    assert len(notices(at)) == 1 and str(TOTAL) in notices(at)[0]
    assert url(at, "slide") == str(TOTAL)


@pytest.mark.parametrize("raw", ["abc", "-1", "0", "", "2.5", "<script>alert(1)</script>", "x" * 5000, "%E0%A4%A"])
def test_malformed_values_open_slide_one_with_a_notice(raw):
    at = run_page(PAGE, {"slide": raw})
    ok(at)
    assert shown(at)[1] == f"Slide 1 of {TOTAL}"
    assert len(notices(at)) == 1
    if raw.strip():
        assert raw not in notices(at)[0]
    assert all("<script" not in m.value for m in at.markdown)
    assert url(at, "slide") == "1"


def test_unknown_parameters_are_ignored_with_a_notice():
    at = run_page(PAGE, {"slide": "2", "utm": "x"})
    ok(at)
    assert shown(at)[1] == f"Slide 2 of {TOTAL}"
    assert notices(at) == ["Ignored 1 unknown URL parameter(s)."]
    assert "utm" not in at.query_params


def notes_box(at) -> list[str]:
    return [m.value for m in at.markdown if m.value == md_escape(DECK[at_slide(at) - 1].notes)]


def at_slide(at) -> int:
    return int(shown(at)[1].split()[1])


def test_notes_toggle_shows_and_hides_the_notes_and_writes_the_url():
    at = run_page(PAGE, {"slide": "4"})
    assert at.toggle(key="cls_notes").value is False
    assert notes_box(at) == []
    at.toggle(key="cls_notes").set_value(True).run()
    ok(at)
    assert len(notes_box(at)) == 1
    assert url(at, "notes") == "1"
    at.button(key="cls_next").click().run()
    assert len(notes_box(at)) == 1, "notes stay on while moving through the deck"
    at.toggle(key="cls_notes").set_value(False).run()
    assert notes_box(at) == []
    assert "notes" not in at.query_params


def test_notes_from_the_url():
    at = run_page(PAGE, {"slide": "2", "notes": "1"})
    ok(at)
    assert at.toggle(key="cls_notes").value is True
    assert len(notes_box(at)) == 1


def test_bad_notes_value_is_ignored_with_a_notice():
    at = run_page(PAGE, {"slide": "2", "notes": "<b>yes</b>"})
    ok(at)
    assert at.toggle(key="cls_notes").value is False
    assert len(notices(at)) == 1 and "<b>" not in notices(at)[0]


def test_discussion_question_is_on_the_slide():
    n = next(i for i, s in enumerate(DECK, start=1) if s.question)
    at = run_page(PAGE, {"slide": str(n)})
    assert any(md_escape(DECK[n - 1].question) in m.value for m in at.markdown)


def test_quiz_answer_reveals_on_demand():
    assert QUIZ, "the deck has no quiz"
    for q, n in enumerate(QUIZ, start=1):
        quiz = DECK[n - 1].quiz
        at = run_page(PAGE, {"slide": str(n)})
        ok(at)
        assert not at.success, "the answer is hidden until asked for"
        at.button(key=f"cls_answer_{q}").click().run()
        ok(at)
        assert len(at.success) == 1
        assert md_escape(quiz.answer) in at.success[0].value
        at.button(key=f"cls_answer_{q}").click().run()
        assert not at.success, "the answer can be hidden again"


def test_handout_download_is_offered():
    at = run_page(PAGE, {"slide": "1"})
    keys = {el.proto.id for el in at.get("download_button")}
    assert any("cls_handout" in k for k in keys), keys


def test_sources_slide_links_a_copy_only_as_a_copy():
    """A cited source whose original was not found online is named, with its copy linked as a copy."""
    ds = load_dataset(data_dir())
    src = ds.sources.set_index("source_id")
    no_original = [i for i in DECK[-1].source_ids if src.loc[i, "url"] == ""]
    assert no_original  # the deck cites Dahua's annual report, read via a copy
    at = run_page(PAGE, {"slide": str(TOTAL)})
    ok(at)
    text = "\n".join(m.value for m in at.markdown)
    for i in no_original:
        assert "original not found online — read via a copy: [" in text and f"]({src.loc[i, 'copy_url']} " in text
    assert "]()" not in text
    assert text.count("](") >= len(DECK[-1].source_ids)


def test_presentation_mode():
    at = run_page(PAGE, {"slide": "3", "present": "1"})
    ok(at)
    assert shown(at) == (md_escape(DECK[2].title), f"Slide 3 of {TOTAL}")
    assert at.button(key="cls_exit").label == "Exit presentation"
    keys = {b.key for b in at.button}
    assert {"cls_prev", "cls_next", "cls_key_pgdn", "cls_key_pgup", "cls_key_first", "cls_key_last"} <= keys
    assert not [t for t in at.toggle if t.key == "cls_notes"], "speaker notes stay off the projected screen"
    assert not at.get("download_button"), "no downloads on the projected screen"
    at.button(key="cls_next").click().run()
    ok(at)
    assert shown(at)[1] == f"Slide 4 of {TOTAL}" and url(at, "present") == "1"
    at.button(key="cls_key_last").click().run()
    assert shown(at)[1] == f"Slide {TOTAL} of {TOTAL}"
    at.button(key="cls_exit").click().run()
    ok(at)
    assert "present" not in at.query_params
    assert shown(at)[1] == f"Slide {TOTAL} of {TOTAL}", "leaving keeps the slide"
    assert at.toggle(key="cls_notes") is not None


@pytest.mark.parametrize("raw", ["2", "yes", "<b>1</b>"])
def test_bad_present_value_opens_the_page_with_a_notice(raw):
    at = run_page(PAGE, {"slide": "2", "present": raw})
    ok(at)
    assert len(notices(at)) == 1 and "presentation" in notices(at)[0] and raw not in notices(at)[0]
    assert "present" not in at.query_params
    assert not [b for b in at.button if b.key == "cls_exit"]


def test_present_button_enters_presentation_mode():
    at = run_page(PAGE, {"slide": "5"})
    at.button(key="cls_present").click().run()
    ok(at)
    assert url(at, "present") == "1"
    assert at.button(key="cls_exit") is not None
    assert shown(at)[1] == f"Slide 5 of {TOTAL}"


def test_file_downloads_and_lesson_plans_are_offered():
    at = run_page(PAGE, {"slide": "1"})
    labels = {el.proto.label for el in at.get("download_button")}
    assert {"PowerPoint", "PDF slides", "PDF handout"} <= labels
    assert not at.table, "the lesson plans are built only when opened"
    at.session_state["cls_plans"] = True
    at.run()
    ok(at)
    plans = lesson_plans(DECK)
    assert len(at.table) == len(plans) == 2
    for table, plan in zip(at.table, plans, strict=True):
        rows = table.value
        assert list(rows["Prompt"]) == [step.prompt for step in plan.steps]
        assert rows.index[-1].endswith(f"–{plan.minutes} min")
