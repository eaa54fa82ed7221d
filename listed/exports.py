"""The classroom deck as files that leave the app: a PowerPoint deck, PDF slides and a PDF handout.

Pure builders (no Streamlit): each takes the dataset and returns the file's bytes. They draw on the same deck, quiz
and lesson plans as the Classroom page (``listed.slides``), so the files and the page never disagree.

- PowerPoint: 16:9, one slide per deck slide; titles and bullets are ordinary editable text; the deck's charts are
  native PowerPoint charts holding the dataset's figures; a sources line on each slide; speaker notes (and the quiz
  answers) in the notes pane.
- PDF slides: the same slides as 16:9 pages, charts drawn with their figures beside them.
- PDF handout (A4): a one-page summary, the quiz for students (no answers), a separate answer key, and the 20- and
  45-minute lesson plans.

The PDFs use Noto Sans CJK (Debian's ``fonts-noto-cjk``), which covers Latin text and the Chinese names alike.
"""

from __future__ import annotations

import io
import subprocess
from functools import lru_cache
from pathlib import Path

import pandas as pd
from fpdf import FPDF, FontFace
from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LABEL_POSITION, XL_LEGEND_POSITION
from pptx.enum.dml import MSO_PATTERN
from pptx.util import Inches, Pt

from listed.loader import Dataset
from listed.queries import link_target
from listed.slides import (
    Chart,
    LessonPlan,
    Slide,
    build_deck,
    handout_sources,
    lesson_plans,
    quiz_items,
)

FONT_DIR = Path("/usr/share/fonts/opentype/noto")
FONT_FAMILY = "Noto Sans CJK SC"
# Okabe–Ito: told apart by readers with any common colour-vision deficiency; the second series is also hatched.
SERIES_COLOURS = [(0x00, 0x72, 0xB2), (0xE6, 0x9F, 0x00), (0x00, 0x9E, 0x73), (0xCC, 0x79, 0xA7)]
INK, GREY = (0x1F, 0x23, 0x28), (0x59, 0x5F, 0x66)
SOURCES_ON_SLIDE = 3
LETTERS = "ABCD"


# --- shared text ------------------------------------------------------------------------------------------------


def _when(row: pd.Series | dict) -> str:
    fmt = {"day": "%-d %b %Y", "month": "%b %Y", "year": "%Y"}[row["date_precision"]]
    return pd.Timestamp(row["date"]).strftime(fmt)


def _short(text: str, n: int) -> str:
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"


def source_label(ds: Dataset, source_id: str, title_chars: int = 70) -> str:
    """'Publisher: Title (date)', with a long title shortened; a title we wrote keeps its [brackets]."""
    s = ds.sources_by_id[source_id]
    title = _short(s["title"], title_chars)
    if s.get("title_kind") == "descriptive":
        title = f"[{title}]"
    copy = "" if s["url"] else " (original not found online; read via a copy)"
    return f"{s['publisher']}: {title} ({_when(s)}){copy}"


def sources_line(ds: Dataset, ids: list[str]) -> str:
    """The line under a slide: its first few sources by publisher and date, and how many more."""
    shown = [f"{ds.sources_by_id[i]['publisher']} ({_when(ds.sources_by_id[i])})" for i in ids[:SOURCES_ON_SLIDE]]
    more = len(ids) - len(shown)
    tail = f"; and {more} more (in the notes and on the Sources slide)" if more > 0 else ""
    return "Sources: " + "; ".join(shown) + tail


def slide_notes(ds: Dataset, slide: Slide) -> str:
    """Speaker notes: the deck's notes, the question to ask, the quiz answer, and every source with its address."""
    parts = [slide.notes]
    if slide.question:
        parts.append(f"Discuss: {slide.question}")
    if slide.quiz is not None:
        q = slide.quiz
        parts.append(f"Answer: {LETTERS[q.options.index(q.answer)]}. {q.answer}. {q.explanation}")
    if slide.kind != "sources":
        parts.append("Sources: " + " | ".join(f"{source_label(ds, i)} {link_target(ds.sources_by_id[i])}"
                                              for i in slide.source_ids))  # fmt: skip
    return "\n\n".join(parts)


def body_lines(slide: Slide) -> list[str]:
    """What a slide says on its face: its points, a quiz's lettered options; never a quiz answer."""
    if slide.quiz is not None:
        return [slide.quiz.question] + [f"{LETTERS[i]}. {o}" for i, o in enumerate(slide.quiz.options)]
    return list(slide.points)


# --- PowerPoint ---------------------------------------------------------------------------------------------------


def _style(run, size: float, bold: bool = False, colour: tuple[int, int, int] = INK) -> None:
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.color.rgb = RGBColor(*colour)


def _pptx_chart(slide_shapes, chart: Chart, left, top, width, height) -> None:
    data = CategoryChartData(number_format='0"%"' if chart.unit == "%" else "General")
    data.categories = chart.categories
    for name, values in chart.series:
        data.add_series(name, values)
    kind = XL_CHART_TYPE.COLUMN_CLUSTERED if chart.kind == "bar" else XL_CHART_TYPE.LINE_MARKERS
    graphic = slide_shapes.add_chart(kind, left, top, width, height, data)
    ch = graphic.chart
    ch.has_title = True
    ch.chart_title.text_frame.text = chart.title
    _style(ch.chart_title.text_frame.paragraphs[0].runs[0], 14, bold=True)
    ch.has_legend = True
    ch.legend.position = XL_LEGEND_POSITION.BOTTOM
    ch.legend.include_in_layout = False
    ch.legend.font.size = Pt(12)
    ch.category_axis.tick_labels.font.size = Pt(12)
    ch.value_axis.tick_labels.font.size = Pt(11)
    if chart.unit == "%":
        ch.value_axis.maximum_scale = 100
        ch.value_axis.minimum_scale = 0
    plot = ch.plots[0]
    plot.has_data_labels = True  # the figures on the bars: the chart reads without its colours
    plot.data_labels.font.size = Pt(12)
    plot.data_labels.number_format = data.number_format
    plot.data_labels.number_format_is_linked = False
    if chart.kind == "bar":
        plot.data_labels.position = XL_LABEL_POSITION.OUTSIDE_END
    for i, series in enumerate(plot.series):
        colour = RGBColor(*SERIES_COLOURS[i % len(SERIES_COLOURS)])
        fmt = series.format
        if chart.kind == "bar" and i % 2:
            fmt.fill.patterned()
            fmt.fill.pattern = MSO_PATTERN.WIDE_UPWARD_DIAGONAL
            fmt.fill.fore_color.rgb = colour
            fmt.fill.back_color.rgb = RGBColor(0xFF, 0xFF, 0xFF)
            fmt.line.color.rgb = colour
        elif chart.kind == "bar":
            fmt.fill.solid()
            fmt.fill.fore_color.rgb = colour
        else:
            fmt.line.color.rgb = colour


def pptx_bytes(ds: Dataset) -> bytes:
    """The deck as a 16:9 PowerPoint file."""
    deck = build_deck(ds)
    prs = Presentation()
    prs.slide_width, prs.slide_height = Inches(13.333), Inches(7.5)
    layout = prs.slide_layouts[1]  # Title and Content: a real title and a real bulleted body
    margin, full = Inches(0.6), Inches(13.333 - 1.2)
    prs.core_properties.title = deck[0].title
    prs.core_properties.author = "Listed"
    prs.core_properties.subject = f"Classroom deck. Data as of {ds.metadata['data_as_of']}."
    for n, s in enumerate(deck, start=1):
        slide = prs.slides.add_slide(layout)
        title, body = slide.placeholders[0], slide.placeholders[1]
        title.left, title.top, title.width, title.height = margin, Inches(0.35), full, Inches(1.1)
        title.text = s.title
        _style(title.text_frame.paragraphs[0].runs[0], 34, bold=True)
        wide = s.chart is None
        body.left, body.top = margin, Inches(1.55)
        body.width = full if wide else Inches(6.1)
        body.height = Inches(5.0 if s.kind != "sources" else 5.6)
        lines = body_lines(s)
        if s.kind == "sources":
            size = 9 if len(s.links) <= 30 else 7
            body.text_frame._txBody.bodyPr.set("numCol", "3")  # three columns: one slide holds the whole list
            body.text_frame._txBody.bodyPr.set("spcCol", str(Inches(0.3)))
        else:
            chars = sum(map(len, lines))
            size = 24 if chars < 300 else 20 if chars < 450 else 17 if chars < 650 else 15
            if not wide:  # beside a chart: half the width
                size = 18 if chars < 300 else 16
        tf = body.text_frame
        tf.word_wrap = True
        for i, line in enumerate(lines):
            p = tf.paragraphs[0] if i == 0 else tf.add_paragraph()
            if s.kind == "sources":
                label, url = s.links[i] if i < len(s.links) else (line, None)
                run = p.add_run()
                run.text = _short(label, 80)
                if url:
                    run.hyperlink.address = url
            else:
                run = p.add_run()
                run.text = line
            _style(run, size, bold=s.quiz is not None and i == 0)
            p.space_after = Pt(2 if s.kind == "sources" else size * 0.35)
        if s.question:
            p = tf.add_paragraph()
            label, text = p.add_run(), p.add_run()
            label.text, text.text = "Discuss: ", s.question
            _style(label, size, bold=True)
            _style(text, size)
        if s.chart is not None:
            _pptx_chart(slide.shapes, s.chart, Inches(6.9), Inches(1.5), Inches(5.9), Inches(5.1))
        # The sources line and the slide number, in a small box along the bottom.
        box = slide.shapes.add_textbox(margin, Inches(6.75), full, Inches(0.55))
        box.text_frame.word_wrap = True
        foot = "Listed · " + (sources_line(ds, s.source_ids) if s.kind != "sources" else
                              f"{len(s.source_ids)} sources; the links open the originals")  # fmt: skip
        run = box.text_frame.paragraphs[0].add_run()
        run.text = f"{foot} · {n}/{len(deck)}"
        _style(run, 10, colour=GREY)
        slide.notes_slide.notes_text_frame.text = slide_notes(ds, s)
    out = io.BytesIO()
    prs.save(out)
    return out.getvalue()


# --- PDF ----------------------------------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def cjk_fonts() -> dict[str, tuple[str, int]]:
    """style ('' or 'B') -> (font file, index in the collection) of Noto Sans CJK SC, found through fontconfig."""
    found: dict[str, tuple[str, int]] = {}
    try:
        out = subprocess.run(["fc-list", "-f", "%{file}|%{index}|%{family}|%{style}\n", ":lang=zh"],
                             capture_output=True, text=True, timeout=20, check=False).stdout  # fmt: skip
    except OSError:
        out = ""
    for line in out.splitlines():
        file, index, families, styles = [*line.split("|"), "", "", ""][:4]
        if FONT_FAMILY in families.split(",") and file.endswith((".ttc", ".otf", ".ttf")):
            style = "B" if "Bold" in styles.split(",") else "" if "Regular" in styles.split(",") else None
            if style is not None:
                found.setdefault(style, (file, int(index or 0)))
    for style, name in (("", "NotoSansCJK-Regular.ttc"), ("B", "NotoSansCJK-Bold.ttc")):
        if style not in found and (FONT_DIR / name).exists():
            found[style] = (str(FONT_DIR / name), 2)  # index 2 is the SC face in Debian's collections
    if "" not in found:
        raise RuntimeError("The PDFs need the Noto Sans CJK fonts (Debian package fonts-noto-cjk); none was found.")
    found.setdefault("B", found[""])
    return found


class _Pdf(FPDF):
    def __init__(self, ds: Dataset, size: tuple[float, float], footer_text: str):
        super().__init__(orientation="P", unit="mm", format=size)  # "P" keeps (width, height) as given
        self.footer_text = footer_text
        for style, (file, index) in cjk_fonts().items():
            self.add_font("Noto", style, file, collection_font_number=index)
        self.set_font("Noto", size=11)
        self.set_text_color(*INK)
        self.c_margin = 0.8
        self.set_creator("Listed")
        self.set_lang("en")
        self._widths: dict[tuple[str, str], list[float]] = {}

    def footer(self) -> None:
        if not self.footer_text:
            return
        self.set_y(-9)
        self.set_font("Noto", size=7.5)
        self.set_text_color(*GREY)
        self.cell(0, 4, f"{self.footer_text} · page {self.page_no()} of {{nb}}", align="R")
        self.set_text_color(*INK)

    def height_of(self, text: str, width: float, size: float, line: float = 1.3, style: str = "") -> float:
        """The height of ``text`` wrapped to ``width``: an estimate from its width, a little on the safe side.

        (fpdf2's exact dry run costs seconds for a page of CJK-font text; text width scales with the size.)
        """
        key = (text, style)
        if key not in self._widths:
            self.set_font("Noto", style, 10)
            self._widths[key] = [self.get_string_width(part) / 10 for part in text.split("\n")]
        lines = sum(max(1, -(-(w * size * 1.06 + size * 0.9) // width)) for w in self._widths[key])
        return lines * size * 0.3528 * line

    def para(self, text: str, size: float, width: float = 0, style: str = "", line: float = 1.3,
             indent: float = 0, bullet: str = "", after: float = 1.2, link: str = "") -> None:  # fmt: skip
        """A paragraph at the left margin (plus ``indent``), with an optional hanging bullet."""
        self.set_font("Noto", style, size)
        h = size * 0.3528 * line
        width = width or (self.w - self.r_margin - self.l_margin - indent)
        x = self.l_margin + indent
        if bullet == "box":  # a tick box (the font has no ballot-box glyph)
            self.rect(x + 0.4, self.get_y() + h * 0.2, h * 0.6, h * 0.6)
            x += 5
            width -= 5
        elif bullet:
            self.set_x(x)
            self.cell(5, h, bullet)
            x += 5
            width -= 5
        self.set_x(x)
        self.multi_cell(width, h, text, new_x="LMARGIN", new_y="NEXT", link=link, align="L")
        self.ln(after)


def _fit(pdf: _Pdf, lines: list[str], width: float, height: float, start: float, smallest: float) -> float:
    """The largest font size (from ``start`` down to ``smallest``) at which the bulleted lines fit the box."""
    size = start
    while size > smallest:
        total = sum(pdf.height_of(t, width - 5, size) + size * 0.3528 * 0.45 for t in lines)
        if total <= height:
            return size
        size -= 0.5
    return smallest


def _pdf_chart(pdf: _Pdf, chart: Chart, x: float, y: float, w: float, h: float) -> None:
    """Grouped bars with their values written on them, a legend, and the figures as a small table below."""
    pdf.set_font("Noto", "B", 10)
    pdf.set_xy(x, y)
    pdf.multi_cell(w, 4.5, chart.title)
    table_h = 5 + 4.2 * len(chart.series)
    top, bottom = pdf.get_y() + 2, y + h - table_h - 9
    top_value = 100.0 if chart.unit == "%" else max(v for _, vs in chart.series for v in vs) * 1.1
    pdf.set_draw_color(*GREY)
    pdf.line(x, bottom, x + w, bottom)
    group = w / len(chart.categories)
    bar = min(12.0, (group - 6) / len(chart.series))
    for ci, cat in enumerate(chart.categories):
        gx = x + ci * group + (group - bar * len(chart.series)) / 2
        for si, (_, values) in enumerate(chart.series):
            value = values[ci]
            bh = (bottom - top - 6) * value / top_value
            colour = SERIES_COLOURS[si % len(SERIES_COLOURS)]
            pdf.set_fill_color(*colour)
            pdf.set_draw_color(*colour)
            bx = gx + si * bar
            if si % 2:  # hatched, as in the PowerPoint chart: the series differ by more than colour
                pdf.set_fill_color(255, 255, 255)
                pdf.rect(bx, bottom - bh, bar - 1, bh, style="DF")
                with pdf.rect_clip(bx, bottom - bh, bar - 1, bh):
                    for k in range(-int(bh), int(bar) + 1, 2):
                        pdf.line(bx + k, bottom, bx + k + bh, bottom - bh)
            else:
                pdf.rect(bx, bottom - bh, bar - 1, bh, style="F")
            pdf.set_font("Noto", "B", 8.5)
            pdf.set_xy(bx - 2, bottom - bh - 4.5)
            pdf.cell(bar + 3, 4, f"{value:g}{chart.unit}", align="C")
        pdf.set_font("Noto", "", 8)
        pdf.set_xy(x + ci * group, bottom + 0.8)
        pdf.multi_cell(group, 3.4, cat, align="C")
    # Legend and the figures as a table: the chart's data in words and numbers.
    ty = bottom + 8.5
    pdf.set_font("Noto", "B", 8)
    pdf.set_xy(x, ty)
    pdf.cell(w * 0.34, 4.2, "Figures (%)" if chart.unit == "%" else "Figures")
    col = w * 0.66 / len(chart.categories)
    for cat in chart.categories:
        pdf.cell(col, 4.2, _short(cat, 22), align="R")
    pdf.set_font("Noto", "", 8)
    for si, (name, values) in enumerate(chart.series):
        pdf.set_xy(x, ty + 4.2 * (si + 1))
        colour = SERIES_COLOURS[si % len(SERIES_COLOURS)]
        pdf.set_fill_color(*(colour if si % 2 == 0 else (255, 255, 255)))
        pdf.set_draw_color(*colour)
        pdf.rect(x, pdf.get_y() + 0.9, 3, 2.6, style="DF")
        pdf.set_x(x + 4)
        pdf.cell(w * 0.34 - 4, 4.2, name + (" (hatched)" if si % 2 else ""))
        for v in values:
            pdf.cell(col, 4.2, f"{v:g}", align="R")
    pdf.set_draw_color(0, 0, 0)


def slides_pdf_bytes(ds: Dataset) -> bytes:
    """The deck as 16:9 PDF pages, one per slide (quiz answers are in the handout's key, not on the slides)."""
    deck = build_deck(ds)
    pdf = _Pdf(ds, (254.0, 142.875), "")  # each slide writes its own sources line and number
    pdf.set_title(deck[0].title)
    pdf.set_author("Listed")
    pdf.set_margins(12, 10, 12)
    pdf.set_auto_page_break(False)
    width = pdf.w - 24
    for n, s in enumerate(deck, start=1):
        pdf.add_page()
        pdf.set_y(10)
        pdf.para(s.title, 24, style="B", line=1.15, after=2)
        pdf.set_draw_color(*SERIES_COLOURS[0])
        pdf.set_line_width(0.6)
        pdf.line(12, pdf.get_y(), 60, pdf.get_y())
        pdf.set_line_width(0.2)
        pdf.ln(3)
        top, bottom = pdf.get_y(), pdf.h - 19
        if s.kind == "sources":
            _pdf_sources(pdf, ds, s, top, bottom)
        else:
            lines = body_lines(s)
            text_w = width if s.chart is None else width * 0.5
            room = bottom - top - (pdf.height_of("Discuss: " + s.question, text_w, 13) + 4 if s.question else 0)
            size = _fit(pdf, lines, text_w, room, 18, 9)
            for i, line in enumerate(lines):
                bold = "B" if s.quiz is not None and i == 0 else ""
                pdf.para(line, size, width=text_w - 5, bullet="" if s.quiz is not None else "•", style=bold,
                         after=size * 0.3528 * 0.45)  # fmt: skip
            if s.question:
                pdf.ln(1)
                pdf.set_fill_color(0xEE, 0xF4, 0xFA)
                qsize = min(size, 13)
                h = pdf.height_of("Discuss: " + s.question, text_w - 4, qsize) + 3
                pdf.rect(12, pdf.get_y(), text_w, h, style="F")
                pdf.set_xy(14, pdf.get_y() + 1.5)
                pdf.set_font("Noto", "B", qsize)
                pdf.multi_cell(text_w - 4, qsize * 0.3528 * 1.3, "Discuss: " + s.question)
            if s.chart is not None:
                _pdf_chart(pdf, s.chart, 12 + width * 0.54, top, width * 0.46, bottom - top)
        pdf.set_xy(12, pdf.h - 17)
        pdf.set_font("Noto", "", 7.5)
        pdf.set_text_color(*GREY)
        foot = sources_line(ds, s.source_ids) if s.kind != "sources" else f"{len(s.source_ids)} sources"
        pdf.multi_cell(width - 40, 3.3, foot)
        pdf.set_xy(pdf.w - 52, pdf.h - 17)
        pdf.cell(40, 3.3, f"Slide {n} of {len(deck)}", align="R")
        pdf.set_xy(pdf.w - 92, pdf.h - 13)
        pdf.cell(80, 3.3, f"Listed · data as of {ds.metadata['data_as_of']}", align="R")
        pdf.set_text_color(*INK)
    return bytes(pdf.output())


def _pdf_sources(pdf: _Pdf, ds: Dataset, s: Slide, top: float, bottom: float) -> None:
    """Every cited source in three columns, each entry a link to the original, sized to fit the page."""
    labels = [(source_label(ds, i, 48), link_target(ds.sources_by_id[i])) for i in s.source_ids]
    cols, gap = 3, 4.0
    col_w = (pdf.w - 24 - gap * (cols - 1)) / cols
    per_col = -(-len(labels) // cols)
    size = 8.0
    while size > 4.5:
        heights = [pdf.height_of(label, col_w, size, line=1.15) + 0.6 for label, _ in labels]
        if max(sum(heights[c * per_col : (c + 1) * per_col]) for c in range(cols)) <= bottom - top:
            break
        size -= 0.25
    for c in range(cols):
        y = top
        for label, url in labels[c * per_col : (c + 1) * per_col]:
            pdf.set_xy(12 + c * (col_w + gap), y)
            pdf.set_font("Noto", "", size)
            pdf.multi_cell(col_w, size * 0.3528 * 1.15, label, link=url)
            y = pdf.get_y() + 0.6


# --- PDF handout --------------------------------------------------------------------------------------------------


def handout_story(ds: Dataset, deck: list[Slide]) -> list[str]:
    """The story section of the handout: one sentence per story slide (written not to give the quiz away)."""
    return [s.summary for s in deck if s.summary]


def key_dates(ds: Dataset) -> list[str]:
    from listed.slides import _after_events, _day, _when  # the deck's own choice of later events

    rule = ds.metadata["rule"]
    dates = [
        f"{_day(rule['announced'])}: the listing is announced",
        f"{_day(rule['effective'])}: the rule is published in the Federal Register and takes effect",
    ]
    return dates + [f"{_when(r.date, r.date_precision)}: {r.title}" for r in _after_events(ds).itertuples()]


def _heading(pdf: _Pdf, text: str, size: float = 12.5) -> None:
    pdf.ln(1.2)
    pdf.para(text, size, style="B", after=0.8)


def _summary_page(pdf: _Pdf, ds: Dataset, deck: list[Slide]) -> None:
    rule, meta = ds.metadata["rule"], ds.metadata
    story, dates = handout_story(ds, deck), key_dates(ds)
    discussion = next((s.points for s in deck if s.kind == "discussion"), [])
    src = [(source_label(ds, i, 90), link_target(ds.sources_by_id[i])) for i in handout_sources(deck)]
    pdf.add_page()
    # Shrink the type until the whole summary fits on one page.
    for size in (10.5, 10, 9.5, 9, 8.5, 8, 7.5, 7):
        w = pdf.w - pdf.l_margin - pdf.r_margin - 5
        need = 40 + sum(pdf.height_of(t, w, size) + 1 for t in story + dates + discussion)
        need += sum(pdf.height_of(f"{label} {url}", w, size - 1.5) + 0.6 for label, url in src)
        if need <= pdf.h - 28:
            break
    pdf.para(f"{deck[0].title} (October 2019)", 17, style="B", line=1.2, after=1)
    pdf.para(f"Classroom handout from Listed · data as of {meta['data_as_of']} · rule {rule['citation']}, "
             f"FR Doc. {rule['fr_doc']}", 8.5, after=1)  # fmt: skip
    _heading(pdf, "The story")
    for t in story:
        pdf.para(t, size, bullet="•", after=0.6)
    _heading(pdf, "Key dates")
    for t in dates:
        pdf.para(t, size, bullet="•", after=0.6)
    if discussion:
        _heading(pdf, "Discuss")
        for t in discussion:
            pdf.para(t, size, bullet="•", after=0.6)
    _heading(pdf, "Sources")
    for label, url in src:
        pdf.para(f"{label}. {url}", size - 1.5, bullet="–", after=0.4, link=url)
    pdf.para(f"The slides cite {len(deck[-1].source_ids)} sources in all (their Sources slide, or the Sources & "
             f"data page of Listed). Curation licensed {meta['license']['name']}. An educational explainer, not "
             "legal advice.", size - 2, after=0)  # fmt: skip


def _quiz_page(pdf: _Pdf, ds: Dataset, answers: bool) -> None:
    items = quiz_items(ds)
    pdf.add_page()
    if answers:
        pdf.para("Quiz: answer key (for the teacher)", 17, style="B", after=1)
        pdf.para("Keep this page apart from the students' copy.", 9, after=3)
    else:
        pdf.para("Quiz", 17, style="B", after=1)
        pdf.para("Name: ______________________________    Class: ____________    Date: ____________", 10, after=2)
        pdf.para("Tick one answer for each question.", 10, after=3)
    src = ds.sources_by_id
    for n, item in enumerate(items, start=1):
        pdf.para(f"{n}. {item.question}", 12, style="B", after=1.5)
        if answers:
            letter = LETTERS[item.options.index(item.answer)]
            pdf.para(f"Answer: {letter}. {item.answer}", 11.5, indent=5, style="B", after=1)
            pdf.para(item.explanation, 10.5, indent=5, after=1)
            names = "; ".join(f"{src[i]['publisher']} ({_when(src[i])})" for i in item.source_ids)
            pdf.para(f"Sources: {names}", 8.5, indent=5, after=4)
        else:
            for i, option in enumerate(item.options):
                pdf.para(f"{LETTERS[i]}. {option}", 11, indent=5, bullet="box", after=1)
            pdf.ln(4)


def _lesson_page(pdf: _Pdf, deck: list[Slide], plan: LessonPlan) -> None:
    pdf.add_page()
    pdf.para(f"Lesson plan: {plan.minutes} minutes", 17, style="B", after=1)
    pdf.para(f"Aim: {plan.aim}", 10.5, after=1)
    pdf.para("Slides are numbered as in the PowerPoint and the PDF slides. Prompts are questions to put to the "
             "class.", 9, after=3)  # fmt: skip
    widths = (22, 24, 62, 0)
    widths = (*widths[:3], pdf.w - pdf.l_margin - pdf.r_margin - sum(widths[:3]))
    with pdf.table(col_widths=widths, text_align="LEFT", v_align="TOP", line_height=5, padding=1.5,
                   headings_style=FontFace(emphasis="BOLD", fill_color=(0xEE, 0xF4, 0xFA))) as table:  # fmt: skip
        pdf.set_font("Noto", "", 9.5)
        table.row(["Time", "Slides", "What the class does", "Prompt"])
        start = 0
        for step in plan.steps:
            slides = _ranges(step.slides)
            titles = "; ".join(deck[n - 1].title for n in step.slides if deck[n - 1].kind != "quiz")
            quiz = sum(deck[n - 1].kind == "quiz" for n in step.slides)
            what = titles + (f"{'; ' if titles else ''}{quiz} quiz questions" if quiz else "")
            table.row([f"{start}–{start + step.minutes} min", slides, f"{step.activity}. ({what})", step.prompt])
            start += step.minutes
    pdf.ln(3)
    pdf.para(f"Total: {sum(s.minutes for s in plan.steps)} minutes.", 10, style="B")


def _ranges(numbers: list[int]) -> str:
    """[2, 3, 4, 7] -> '2–4, 7'."""
    out, run = [], [numbers[0]]
    for n in numbers[1:]:
        if n == run[-1] + 1:
            run.append(n)
        else:
            out.append(run)
            run = [n]
    out.append(run)
    return ", ".join(f"{r[0]}–{r[-1]}" if len(r) > 1 else str(r[0]) for r in out)


def handout_pdf_bytes(ds: Dataset) -> bytes:
    """The A4 handout: summary; quiz (students); answer key; lesson plans of 20 and 45 minutes. One page each."""
    deck = build_deck(ds)
    pdf = _Pdf(ds, (210.0, 297.0), f"Listed classroom handout · data as of {ds.metadata['data_as_of']}")
    pdf.set_title(f"{deck[0].title}: classroom handout")
    pdf.set_author("Listed")
    pdf.set_margins(16, 14, 16)
    pdf.set_auto_page_break(True, margin=14)
    _summary_page(pdf, ds, deck)
    _quiz_page(pdf, ds, answers=False)
    _quiz_page(pdf, ds, answers=True)
    for plan in lesson_plans(deck):
        _lesson_page(pdf, deck, plan)
    return bytes(pdf.output())


HANDOUT_PAGES = ("summary", "quiz", "answer key", "lesson plan: 20 minutes", "lesson plan: 45 minutes")

__all__ = [
    "HANDOUT_PAGES",
    "body_lines",
    "cjk_fonts",
    "handout_pdf_bytes",
    "handout_story",
    "pptx_bytes",
    "slide_notes",
    "slides_pdf_bytes",
    "source_label",
    "sources_line",
]
