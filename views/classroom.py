"""Classroom: the story as slides in large type, with speaker notes, a quiz, lesson plans and files to take away.

URL keys: ``slide`` (1-based slide number; out-of-range values clamp, malformed ones open slide 1), ``notes`` (``1``
shows the speaker notes) and ``present`` (``1``: presentation mode, the slide filling the screen). All are rewritten
as the presenter moves through the deck.

Moving between slides reruns only the deck (a fragment), not the whole app: the next slide shows in well under
100 ms on a laptop. Keys: → and Page Down (next), ← and Page Up (previous), Home, End; Esc leaves presentation mode.
"""

import pandas as pd
import streamlit as st

from components.ui import (
    dataset,
    derived,
    lazy_expander,
    md_escape,
    notices,
    slide_switch,
    source_line,
    source_links,
)
from listed.loader import Dataset
from listed.slides import (
    Slide,
    build_deck,
    handout_markdown,
    handout_text,
    lesson_plans,
    parse_notes,
    parse_present,
    parse_slide,
)

URL_KEYS = ("slide", "notes", "present")
SOURCES_INLINE = 3
DENSE_CHARS = 450
# Static CSS only (no dataset or user text): large type for the slide, readable from the back of a room.
LARGE_TYPE = """<style>
@media (min-width: 800px) { [data-testid="stMainBlockContainer"] { padding-top: 2.5rem; } }
[class*="st-key-cls_slide"] h1 { font-size: clamp(1.9rem, 3.4vw, 2.9rem); line-height: 1.15; }
[class*="st-key-cls_slide"] [data-testid="stMarkdownContainer"] li,
[class*="st-key-cls_slide"] [data-testid="stMarkdownContainer"] p {
  font-size: clamp(1.15rem, 2vw, 1.75rem); line-height: 1.35; }
[class*="st-key-cls_slide"] [data-testid="stMarkdownContainer"] li { margin-bottom: 0.35em; }
[class*="st-key-cls_slide"] .stButton p,
[class*="st-key-cls_slide"] [data-testid="stCaptionContainer"] p { font-size: 1.05rem; }
[class*="st-key-cls_dense"] [data-testid="stMarkdownContainer"] li { font-size: clamp(1.1rem, 1.7vw, 1.45rem); }
[class*="st-key-cls_sources"] [data-testid="stMarkdownContainer"] li { font-size: 1.05rem; }
.st-key-cls_prev button, .st-key-cls_next button { min-height: 3rem; }
.st-key-cls_prev p, .st-key-cls_next p { font-size: 1.2rem; }
/* Hidden helpers, with their layout wrappers (which would otherwise still take a gap in the column). */
.st-key-cls_keys, .st-key-cls_switch,
[data-testid="stLayoutWrapper"]:has(> .st-key-cls_keys),
[data-testid="stLayoutWrapper"]:has(> .st-key-cls_switch) { display: none !important; }
/* The slides either side of the one on screen stay hidden until Next or Previous shows one at once
   (components/slide_switch.js sets data-cls-shift on the body until the server has rendered the new slide). */
body:not([data-cls-shift="ahead"]) .st-key-cls_ahead,
body:not([data-cls-shift="ahead"]) [data-testid="stLayoutWrapper"]:has(> .st-key-cls_ahead),
body:not([data-cls-shift="behind"]) .st-key-cls_behind,
body:not([data-cls-shift="behind"]) [data-testid="stLayoutWrapper"]:has(> .st-key-cls_behind),
body[data-cls-shift] .st-key-cls_now,
body[data-cls-shift] [data-testid="stLayoutWrapper"]:has(> .st-key-cls_now) { display: none !important; }
</style>"""
# Presentation mode: the slide fills the screen; the app's sidebar, header and footer are hidden. Body type scales
# with the screen and never drops below 28 px.
PRESENT = """<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stHeader"],
[data-testid="stToolbar"], [data-testid="stDecoration"], .st-key-app_footer,
[data-testid="stLayoutWrapper"]:has(> .st-key-app_footer) { display: none !important; }
[data-testid="stMainBlockContainer"] { padding: 0.6rem 2.4vw 0.4rem !important; max-width: 100% !important; }
.st-key-cls_bar { gap: 0.75rem; align-items: center; }
.st-key-cls_bar [data-testid="stProgress"] p { font-size: 18px; }
[class*="st-key-cls_slide"] { border: none !important; padding: 0 !important; }
[class*="st-key-cls_slide"] h1 { font-size: max(40px, min(3.4vw, 6vh)) !important; padding: 0.2em 0 0.3em; }
[class*="st-key-cls_slide"] [data-testid="stMarkdownContainer"] li,
[class*="st-key-cls_slide"] [data-testid="stMarkdownContainer"] p {
  font-size: max(28px, min(2.2vw, 3.9vh)) !important; line-height: 1.3 !important; }
[class*="st-key-cls_slide"] [data-testid="stMarkdownContainer"] li { margin-bottom: 0.25em; }
[class*="st-key-cls_slide"] .stButton p { font-size: 22px !important; }
[class*="st-key-cls_slide"] [data-testid="stCaptionContainer"] p { font-size: 16px !important; }
[class*="st-key-cls_publishers"] [data-testid="stMarkdownContainer"] ul { columns: 4; column-gap: 2rem; }
[class*="st-key-cls_publishers"] [data-testid="stMarkdownContainer"] li {
  font-size: max(15px, min(1.05vw, 1.9vh)) !important; line-height: 1.3 !important; margin: 0 !important;
  break-inside: avoid; }
.st-key-cls_prev button, .st-key-cls_next button, .st-key-cls_exit button { min-height: 2.6rem; }
.st-key-cls_exit p { font-size: 18px !important; }
</style>"""


# The file builders import python-pptx and fpdf2, which the page itself never needs: imported on first click.
def pptx_file(data: Dataset) -> bytes:
    from listed.exports import pptx_bytes

    return pptx_bytes(data)


def slides_pdf_file(data: Dataset) -> bytes:
    from listed.exports import slides_pdf_bytes

    return slides_pdf_bytes(data)


def handout_pdf_file(data: Dataset) -> bytes:
    from listed.exports import handout_pdf_bytes

    return handout_pdf_bytes(data)


def _go(to: int) -> None:
    st.query_params["slide"] = str(to)


def _flip(flag: str) -> None:
    st.session_state[flag] = not st.session_state.get(flag, False)


ds = dataset()
deck = derived(build_deck)
total = len(deck)

number, slide_notice = parse_slide(st.query_params.get("slide"), total)
notes_on, notes_notice = parse_notes(st.query_params.get("notes"))
present, present_notice = parse_present(st.query_params.get("present"))
messages = [m for m in (slide_notice, notes_notice, present_notice) if m]
unknown = [k for k in st.query_params if k not in URL_KEYS]
if unknown:
    messages.append(f"Ignored {len(unknown)} unknown URL parameter(s).")
# The URL always names the slide on screen, so a corrected link can be copied as it is.
if slide_notice:
    st.query_params["slide"] = str(number)
if present_notice or st.query_params.get("present") == "0":
    del st.query_params["present"]
for key in unknown:
    del st.query_params[key]
if "cls_notes" not in st.session_state:
    st.session_state["cls_notes"] = notes_on

st.html(LARGE_TYPE + (PRESENT if present else ""))


def render_slide(slide: Slide, number: int, role: str = "now") -> None:
    """The slide at ``number``: on screen (``now``), or hidden beside it (``ahead``, ``behind``) for an instant move."""
    with st.container(key=f"cls_{role}"):
        _slide_body(slide, number, "" if role == "now" else f"_{role}")


def _slide_body(slide: Slide, number: int, sfx: str) -> None:
    with st.container(border=True, key=f"cls_slide{sfx}"):
        st.title(md_escape(slide.title), anchor=False)
        if slide.kind == "sources" and present:
            # A full list of sources cannot be read from the back of a room: the publishers, and where the list is.
            publishers = list(dict.fromkeys(ds.sources_by_id[i]["publisher"] for i in slide.source_ids))
            st.markdown(
                f"This deck cites {len(slide.source_ids)} sources. Each slide names its own; the full list with "
                "links is in the PowerPoint, the PDFs and on the Sources & data page. Publishers:"
            )
            with st.container(key=f"cls_publishers{sfx}"):
                st.markdown("\n".join(f"- {md_escape(p)}" for p in publishers))
        elif slide.kind == "sources":
            with st.container(key=f"cls_sources{sfx}"):
                # the shared renderer: a source whose original was not found online links only its copy, as a copy
                st.markdown("\n".join(f"- {source_links(ds, [i])}" for i in slide.source_ids))
        elif slide.quiz is not None:
            render_quiz(slide, number)
        elif sum(map(len, slide.points)) > DENSE_CHARS:
            with st.container(key=f"cls_dense{sfx}"):  # long quotations: a step smaller, so the slide fits the screen
                st.markdown("\n".join(f"- {md_escape(p)}" for p in slide.points))
        else:
            st.markdown("\n".join(f"- {md_escape(p)}" for p in slide.points))
        if slide.question:
            with st.container(border=True, key=f"cls_question{sfx}"):
                st.markdown(f"**Discuss:** {md_escape(slide.question)}")
        if slide.kind != "sources" and present:
            source_line(ds, slide.source_ids[:SOURCES_INLINE], short=True)
    if slide.kind != "sources" and not present:
        # A few sources inline keep the slide calm; the full list is one click away.
        source_line(ds, slide.source_ids[:SOURCES_INLINE])
        if len(slide.source_ids) > SOURCES_INLINE and not sfx:  # hidden neighbours skip it: it comes with the rerun
            with st.expander(f"All {len(slide.source_ids)} sources behind this slide"):
                st.markdown("\n".join(f"- {source_links(ds, [i])}" for i in slide.source_ids))


def render_around(number: int) -> None:
    """The slide on screen first (AppTest reads it first), then its hidden neighbours."""
    render_slide(deck[number - 1], number)
    if number < total:
        render_slide(deck[number], number + 1, "ahead")
    if number > 1:
        render_slide(deck[number - 2], number - 1, "behind")


def render_quiz(slide: Slide, number: int) -> None:
    quiz = slide.quiz
    q = sum(s.kind == "quiz" for s in deck[:number])  # the question's number, 1-based, stable across the deck
    st.markdown(md_escape(quiz.question))
    st.markdown("\n".join(f"- **{'ABCD'[i]}.** {md_escape(o)}" for i, o in enumerate(quiz.options)))
    shown = st.session_state.get(f"cls_shown_{q}", False)
    st.button(
        "Hide the answer" if shown else "Show the answer",
        key=f"cls_answer_{q}",
        on_click=_flip,
        args=(f"cls_shown_{q}",),
    )
    if shown:
        letter = "ABCD"[quiz.options.index(quiz.answer)]
        st.success(f"**{letter}. {md_escape(quiz.answer)}**  \n{md_escape(quiz.explanation)}", icon="✅")


def nav_buttons(number: int) -> tuple:
    """Previous and Next, with the arrow keys; the container they go in is the caller's."""
    return (
        dict(label="Previous", key="cls_prev", on_click=_go, args=(number - 1,), disabled=number == 1,
             shortcut="Left"),
        dict(label="Next", key="cls_next", on_click=_go, args=(number + 1,), disabled=number == total,
             type="primary", shortcut="Right"),
    )  # fmt: skip


def key_buttons(number: int) -> None:
    """Buttons kept out of sight for the keys a presenter's clicker sends: Page Down/Up, Home, End."""
    with st.container(key="cls_keys"):
        for key, label, to, shortcut in (
            ("cls_key_pgdn", "Next slide", number + 1, "PageDown"),
            ("cls_key_pgup", "Previous slide", number - 1, "PageUp"),
            ("cls_key_first", "First slide", 1, "Home"),
            ("cls_key_last", "Last slide", total, "End"),
        ):
            st.button(label, key=key, on_click=_go, args=(to,), disabled=not 1 <= to <= total or to == number,
                      shortcut=shortcut)  # fmt: skip


@st.fragment
def deck_view() -> None:
    """The deck: reruns alone when the presenter moves, so a new slide shows without rerunning the app."""
    number, _ = parse_slide(st.query_params.get("slide"), total)
    slide = deck[number - 1]
    prev, nxt = nav_buttons(number)
    if present:
        with st.container(horizontal=True, key="cls_bar", vertical_alignment="center"):
            if st.button("Exit presentation", key="cls_exit", icon="✖️", shortcut="Esc"):
                del st.query_params["present"]
                st.rerun(scope="app")
            st.button(**prev)
            st.progress(number / total, text=f"Slide {number} of {total}", width="stretch")
            st.button(**nxt)
        render_around(number)
        key_buttons(number)
        return
    st.caption(
        f"Classroom mode · {ds.metadata['rule']['citation']} · Previous and Next, or the ← and → keys (also Page "
        "Up/Down, Home, End)"
    )
    prev_col, bar_col, next_col = st.columns([1.6, 5, 1.6], vertical_alignment="center")
    prev_col.button(**prev, width="stretch")
    next_col.button(**nxt, width="stretch")
    bar_col.progress(number / total, text=f"Slide {number} of {total}")
    # With notes on, a presenter view: the slide on the left, the notes beside it, both on screen at once.
    if st.session_state["cls_notes"]:
        slide_col, notes_col = st.columns([3, 2], gap="large")
        with slide_col:
            render_around(number)
        with notes_col, st.container(border=True, key="cls_notes_box"):
            st.subheader("Speaker notes", anchor=False)
            st.markdown(md_escape(slide.notes))
    else:
        render_around(number)
    left, right = st.columns(2, vertical_alignment="center")
    if left.toggle("Speaker notes", key="cls_notes"):
        st.query_params["notes"] = "1"
    elif "notes" in st.query_params:
        del st.query_params["notes"]
    if right.button("Present full screen", key="cls_present", icon="🖥️", help="The slide fills the screen; Esc "
                    "leaves. Speaker notes stay off the projected screen."):  # fmt: skip
        st.query_params["present"] = "1"
        st.rerun(scope="app")
    key_buttons(number)


notices(messages)
slide_switch()
deck_view()

if not present:
    st.subheader("Take it to class", anchor=False)
    st.caption(
        "The same deck as files, for a room without the app: built once from the dataset, the first time someone "
        "asks for them."
    )
    # Built when clicked (a callable), once per dataset (derived caches it): the page itself stays light.
    files = (
        ("PowerPoint", lambda: derived(pptx_file), "pptx",
         "application/vnd.openxmlformats-officedocument.presentationml.presentation", "cls_pptx",
         "16:9 slides with editable text, native charts of the dataset's figures, a sources line on each slide, "
         "and the speaker notes (with the quiz answers) in the notes pane."),
        ("PDF slides", lambda: derived(slides_pdf_file), "pdf", "application/pdf", "cls_pdf_slides",
         "The slides as a PDF, one page each, to project or print."),
        ("PDF handout", lambda: derived(handout_pdf_file), "pdf", "application/pdf", "cls_handout_pdf",
         "A one-page summary, the quiz for students, a separate answer key, and the 20- and 45-minute lesson plans."),
        ("Handout (Markdown)", derived(handout_markdown), "md", "text/markdown", "cls_handout",
         "The one-page summary as text: the story, key dates, discussion and quiz questions (no answers), sources."),
        ("Handout (plain text)", derived(handout_text), "txt", "text/plain", "cls_handout_txt",
         "The one-page summary as plain text."),
    )  # fmt: skip
    names = {"cls_pptx": "listed-classroom-slides", "cls_pdf_slides": "listed-classroom-slides"}
    row = st.container(horizontal=True, key="cls_files")  # buttons at their own width, wrapping on a phone
    for label, data, ext, mime, key, help_text in files:
        row.download_button(
            label,
            data=data,
            file_name=f"{names.get(key, 'listed-classroom-handout')}.{ext}",
            mime=mime,
            key=key,
            on_click="ignore",
            icon="📥",  # an emoji: Material icons would load a web font
            help=help_text,
        )
    with lazy_expander("Lesson plans: 20 and 45 minutes", key="cls_plans") as open_:
        if open_:
            for plan in lesson_plans(deck):
                st.markdown(f"**{md_escape(plan.title)}.** {md_escape(plan.aim)}")
                rows, start = [], 0
                for step in plan.steps:
                    rows.append({
                        "Time": f"{start}–{start + step.minutes} min",
                        "Slides": ", ".join(map(str, step.slides)),
                        "What the class does": step.activity,
                        "Prompt": step.prompt,
                    })  # fmt: skip
                    start += step.minutes
                st.table(pd.DataFrame(rows).set_index("Time"))
            st.caption("The PDF handout has both plans, the quiz and the answer key, ready to print.")
