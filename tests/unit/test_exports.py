"""The classroom files that leave the app: the PowerPoint deck, the PDF slides and the PDF handout.

Each file is opened with a reader library (python-pptx, pypdfium2) and checked against the deck and the dataset.
The PDF pages are also rendered to PNG (in test-results/exports/, to look at) and checked for ink and for text
that runs off the page.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from pptx import Presentation
from pptx.util import Emu

from listed.exports import (
    body_lines,
    handout_pdf_bytes,
    pptx_bytes,
    slide_notes,
    slides_pdf_bytes,
    source_label,
)
from listed.loader import load_dataset
from listed.queries import link_target
from listed.slides import build_deck, handout_sources, lesson_plans, quiz_items
from tests.fixtures import write_dataset
from tests.unit.test_slides import gives_away

SHOTS = Path(__file__).resolve().parents[2] / "test-results" / "exports"


def flat(text: str) -> str:
    """Text with every run of whitespace made one space (wrapped lines join up again)."""
    return " ".join(text.split())


def tight(text: str) -> str:
    """Text with no whitespace at all: for words that a narrow table cell or a line end split."""
    return "".join(text.split())


@pytest.fixture(scope="module", params=["fixture", "curated"])
def ds(request, tmp_path_factory):
    if request.param == "fixture":
        return load_dataset(write_dataset(tmp_path_factory.mktemp("exports") / "ds"))
    return load_dataset()


@pytest.fixture(scope="module")
def curated():
    return load_dataset()


@pytest.fixture(scope="module")
def pptx(ds):
    return Presentation(io.BytesIO(pptx_bytes(ds)))


def pdf_pages(data: bytes, name: str) -> list[dict]:
    """Each page's text, size, and whether all its characters lie on the page; PNGs written for looking at."""
    doc = pdfium.PdfDocument(data)
    SHOTS.mkdir(parents=True, exist_ok=True)
    pages = []
    for i in range(len(doc)):
        page = doc[i]
        w, h = page.get_size()
        tp = page.get_textpage()
        n = tp.count_chars()
        boxes = [tp.get_charbox(k) for k in range(n)]
        off = [b for b in boxes if b[0] < -0.5 or b[1] < -0.5 or b[2] > w + 0.5 or b[3] > h + 0.5]
        image = page.render(scale=1).to_pil().convert("L")
        ink = sum(1 for v in image.getdata() if v < 200) / (image.width * image.height)
        image.save(SHOTS / f"{name}-{i + 1:02d}.png")
        pages.append({"text": tp.get_text_range(), "size": (w, h), "off_page": off, "ink": ink, "boxes": boxes})
    return pages


@pytest.fixture(scope="module")
def slides_pdf(curated):
    return pdf_pages(slides_pdf_bytes(curated), "slides")


@pytest.fixture(scope="module")
def handout(curated):
    return pdf_pages(handout_pdf_bytes(curated), "handout")


# --- PowerPoint ---------------------------------------------------------------------------------------------------


def test_pptx_has_one_16_9_slide_per_deck_slide_with_its_title(ds, pptx):
    deck = build_deck(ds)
    assert round(pptx.slide_width / pptx.slide_height, 3) == round(16 / 9, 3)
    assert len(pptx.slides) == len(deck)
    for slide, s in zip(pptx.slides, deck, strict=True):
        assert slide.shapes.title is not None and slide.shapes.title.text == s.title


def test_pptx_text_is_editable_text_with_every_point(ds, pptx):
    for slide, s in zip(pptx.slides, build_deck(ds), strict=True):
        body = slide.placeholders[1].text_frame
        paragraphs = [p.text for p in body.paragraphs]
        if s.kind == "sources":
            assert len(paragraphs) == len(s.links)
        else:
            assert paragraphs[: len(body_lines(s))] == body_lines(s), s.title
        if s.question:
            assert paragraphs[-1] == f"Discuss: {s.question}"
        for shape in slide.shapes:  # nothing on a slide is a picture of text
            assert shape.shape_type is not None and "PICTURE" not in str(shape.shape_type), s.title


def test_pptx_notes_and_quiz_answers_are_in_the_notes_pane(ds, pptx):
    for slide, s in zip(pptx.slides, build_deck(ds), strict=True):
        assert slide.has_notes_slide, s.title
        notes = slide.notes_slide.notes_text_frame.text
        assert s.notes in notes
        face = " ".join(sh.text_frame.text for sh in slide.shapes if sh.has_text_frame)
        assert "Answer:" not in face
        if s.quiz is not None:
            letter = "ABCD"[s.quiz.options.index(s.quiz.answer)]
            assert f"Answer: {letter}. {s.quiz.answer}." in notes
            assert s.quiz.explanation in notes


def test_pptx_sources_line_on_every_slide(ds, pptx):
    urls = {i: link_target(ds.sources_by_id[i]) for i in ds.sources["source_id"]}  # a copy when no original
    publishers = dict(zip(ds.sources["source_id"], ds.sources["publisher"], strict=True))
    for n, (slide, s) in enumerate(zip(pptx.slides, build_deck(ds), strict=True), start=1):
        lines = [
            sh.text_frame.text
            for sh in slide.shapes
            if sh.has_text_frame and sh.text_frame.text.startswith("Listed · ")
        ]
        assert len(lines) == 1 and lines[0].endswith(f"{n}/{len(pptx.slides)}"), s.title
        if s.kind == "sources":
            links = [r.hyperlink.address for p in slide.placeholders[1].text_frame.paragraphs for r in p.runs]
            assert links == [urls[i] for i in s.source_ids]
        else:
            assert lines[0].startswith(f"Listed · Sources: {publishers[s.source_ids[0]]}"), s.title
            notes = slide.notes_slide.notes_text_frame.text
            assert all(urls[i] in notes for i in s.source_ids), "every source of the slide, with its address"


def test_pptx_charts_are_native_and_hold_the_dataset_figures(ds, pptx):
    deck = build_deck(ds)
    va = ds.chip_shares[ds.chip_shares["measure"] == "value-added"]
    charted = 0
    for slide, s in zip(pptx.slides, deck, strict=True):
        charts = [sh.chart for sh in slide.shapes if sh.has_chart]
        assert len(charts) == (s.chart is not None), s.title
        if not charts:
            continue
        charted += 1
        chart = charts[0]
        assert chart.chart_title.text_frame.text == s.chart.title
        plot = chart.plots[0]
        assert list(plot.categories) == s.chart.categories
        year = va["year"].max()
        for series in plot.series:
            expected = [
                va.loc[
                    (va["year"] == year) & (va["region"] == series.name) & (va["segment"] == seg), "share_pct"
                ].item()
                for seg in plot.categories
            ]
            assert list(series.values) == expected, series.name
        assert {se.name for se in plot.series} == set(va.loc[va["year"] == year, "region"])
    assert charted == (0 if va.empty else 1)


def test_pptx_shapes_stay_on_the_slide(pptx):
    for slide in pptx.slides:
        for sh in slide.shapes:
            assert sh.left >= 0 and sh.left + sh.width <= pptx.slide_width + Emu(1), sh.name
            assert sh.top >= 0 and sh.top + sh.height <= pptx.slide_height + Emu(1), sh.name


# --- PDF slides ---------------------------------------------------------------------------------------------------


def test_pdf_slides_one_page_per_slide_with_title_and_sources(curated, slides_pdf):
    deck = build_deck(curated)
    assert len(slides_pdf) == len(deck)
    publishers = dict(zip(curated.sources["source_id"], curated.sources["publisher"], strict=True))
    for page, s in zip(slides_pdf, deck, strict=True):
        w, h = page["size"]
        assert round(w / h, 2) == round(16 / 9, 2)
        text = flat(page["text"])
        assert text.startswith(s.title), (s.title, text[:80])
        assert f"Slide {deck.index(s) + 1} of {len(deck)}" in text
        if s.kind == "sources":
            assert f"{len(s.source_ids)} sources" in text
        else:
            assert f"Sources: {publishers[s.source_ids[0]]}" in text
            for line in body_lines(s):
                assert tight(line) in tight(text), line
        assert page["off_page"] == [], s.title
        assert page["ink"] > 0.004, f"slide '{s.title}' looks blank"


def test_pdf_slides_carry_chinese_names_and_chart_figures(curated, slides_pdf):
    deck = build_deck(curated)
    companies = next(i for i, s in enumerate(deck) if s.key == "companies")
    names = [n for n in curated.entities.loc[curated.entities["kind"] == "company", "name_zh"] if n]
    assert names and all(n in tight(slides_pdf[companies]["text"]) for n in names)
    chips = next(i for i, s in enumerate(deck) if s.key == "chips")
    text = flat(slides_pdf[chips]["text"])
    for name, values in deck[chips].chart.series:
        assert name in text
        assert all(f"{v:g}%" in text for v in values)
    assert all(s.quiz is None or "Answer" not in flat(p["text"]) for p, s in zip(slides_pdf, deck, strict=True))


def test_pdf_slides_text_stays_above_the_sources_line(slides_pdf):
    """No body text runs into the sources line at the foot of the slide (pdfium's y grows upwards)."""
    for page in slides_pdf:
        text, boxes = page["text"], page["boxes"]
        foot = text.find("Sources:") if "Sources:" in text else text.rfind(" sources")
        body = [b for k, b in enumerate(boxes[:foot]) if text[k].strip()]
        foot_top = max(b[3] for b in boxes[foot:] if b[3] < 40)  # the foot sits in the bottom 40 pt
        assert min(b[1] for b in body) > foot_top, text[:60]


# --- PDF handout --------------------------------------------------------------------------------------------------


def test_handout_pages(curated, handout):
    titles = ["28 Chinese entities", "Quiz", "Quiz: answer key", "Lesson plan: 20 minutes", "Lesson plan: 45 minutes"]
    assert len(handout) == len(titles)
    for page, title in zip(handout, titles, strict=True):
        assert flat(page["text"]).startswith(title)
        assert f"page {handout.index(page) + 1} of {len(handout)}" in flat(page["text"])
        assert page["off_page"] == []
        w, h = page["size"]
        assert (round(w), round(h)) == (595, 842), "A4"
    assert f"data as of {curated.metadata['data_as_of']}" in flat(handout[0]["text"])


def test_handout_summary_has_sources_and_chinese_names_and_no_quiz_answers(curated, handout):
    text = flat(handout[0]["text"])
    urls = {i: link_target(curated.sources_by_id[i]) for i in curated.sources["source_id"]}
    deck = build_deck(curated)
    assert all(tight(urls[i]) in tight(text) for i in handout_sources(deck))
    assert "海康威视" in tight(text)
    story = text.split("The story", 1)[1].split("Key dates", 1)[0]
    assert len(story) > 400
    for item in quiz_items(curated):
        assert not gives_away(item.answer, story), item.answer
        assert tight(item.explanation) not in tight(story)


def test_handout_quiz_has_no_answers_and_the_key_has_all(curated, handout):
    quiz, key = flat(handout[1]["text"]), flat(handout[2]["text"])
    for n, item in enumerate(quiz_items(curated), start=1):
        assert f"{n}. {tight(item.question)}"[:2] in quiz and tight(item.question) in tight(quiz)
        for option in item.options:
            assert tight(option) in tight(quiz)
        assert tight(item.explanation) not in tight(quiz)
        letter = "ABCD"[item.options.index(item.answer)]
        assert tight(f"Answer: {letter}. {item.answer}") in tight(key)
        assert tight(item.explanation) in tight(key)
    assert "Answer" not in quiz


def test_handout_lesson_plans(curated, handout):
    deck = build_deck(curated)
    for plan, page in zip(lesson_plans(deck), handout[3:], strict=True):
        text = tight(page["text"])
        assert tight(f"Total: {plan.minutes} minutes") in text
        start = 0
        for step in plan.steps:
            assert tight(f"{start}–{start + step.minutes} min") in text
            assert tight(step.prompt) in text
            start += step.minutes


def test_pdf_fonts_are_embedded(curated):
    data = handout_pdf_bytes(curated)
    assert b"/FontFile" in data and re.search(rb"/BaseFont\s*/[A-Z]{6}\+NotoSansCJK", data)


def test_pptx_text_fits_its_boxes(curated):
    """No PowerPoint could be opened here to look, so measure: each text box's paragraphs, wrapped at the box width
    with the font's real advance widths (Noto Sans CJK, as the PDFs use), fit the box's height."""
    from PIL import ImageFont

    from listed.exports import cjk_fonts

    path, index = cjk_fonts()[""]
    prs = Presentation(io.BytesIO(pptx_bytes(curated)))
    fonts: dict[float, ImageFont.FreeTypeFont] = {}
    for n, slide in enumerate(prs.slides, start=1):
        for shape in slide.shapes:
            if not shape.has_text_frame or not shape.text_frame.text:
                continue
            tf = shape.text_frame
            cols = int(tf._txBody.bodyPr.get("numCol", "1"))
            width_pt = (shape.width / 12700 - 14.4) / cols - (8 if cols > 1 else 0)  # less the insets and gaps
            height_pt = 0.0
            for p in tf.paragraphs:
                size = max((r.font.size.pt for r in p.runs if r.font.size), default=18)
                font = fonts.setdefault(size, ImageFont.truetype(path, size=int(size * 10), index=index))
                words, lines, line = p.text.split(" "), 1, ""
                for word in words:
                    trial = f"{line} {word}".strip()
                    if font.getlength(trial) / 10 > width_pt - (18 if cols == 1 and shape.is_placeholder else 0):
                        lines, line = lines + 1, word
                    else:
                        line = trial
                space = p.space_after.pt if p.space_after is not None else 0
                height_pt += lines * size * 1.2 + space
            box_pt = shape.height / 12700 * cols - 7.2 * cols
            assert height_pt <= box_pt, f"slide {n}, {shape.name}: {height_pt:.0f} pt of text in {box_pt:.0f} pt"


def test_a_source_with_no_original_online_is_labelled_as_a_copy(curated):
    ds = curated
    no_original = {i for i, s in ds.sources_by_id.items() if not s["url"]}
    assert no_original, "the shipped data has sources read only in a copy"
    seen = 0
    for slide in build_deck(ds):
        for i in set(slide.source_ids) & no_original:
            seen += 1
            assert source_label(ds, i).endswith("(original not found online; read via a copy)")
            if slide.kind != "sources":
                assert f"read via a copy) {ds.sources_by_id[i]['copy_url']}" in slide_notes(ds, slide)
    assert seen, "the deck cites at least one such source"
