"""Classroom: the story as slides in large type, with speaker notes, a quiz and a printable handout.

URL keys: ``slide`` (1-based slide number; out-of-range values clamp, malformed ones open slide 1) and
``notes`` (``1`` shows the speaker notes). Both are rewritten as the presenter moves through the deck.
"""

import streamlit as st

from components.ui import dataset, derived, md_escape, notices, source_line, source_links
from listed.slides import build_deck, handout_markdown, handout_text, parse_notes, parse_slide

URL_KEYS = ("slide", "notes")
SOURCES_INLINE = 3
DENSE_CHARS = 450
# Static CSS only (no dataset or user text): large type for the slide, readable from the back of a room.
LARGE_TYPE = """<style>
@media (min-width: 800px) { [data-testid="stMainBlockContainer"] { padding-top: 2.5rem; } }
.st-key-cls_slide h1 { font-size: clamp(1.9rem, 3.4vw, 2.9rem); line-height: 1.15; }
.st-key-cls_slide [data-testid="stMarkdownContainer"] li,
.st-key-cls_slide [data-testid="stMarkdownContainer"] p { font-size: clamp(1.15rem, 2vw, 1.75rem); line-height: 1.35; }
.st-key-cls_slide [data-testid="stMarkdownContainer"] li { margin-bottom: 0.35em; }
.st-key-cls_slide .stButton p, .st-key-cls_slide [data-testid="stCaptionContainer"] p { font-size: 1.05rem; }
.st-key-cls_dense [data-testid="stMarkdownContainer"] li { font-size: clamp(1.1rem, 1.7vw, 1.45rem); }
.st-key-cls_sources [data-testid="stMarkdownContainer"] li { font-size: 1.05rem; }
.st-key-cls_prev button, .st-key-cls_next button { min-height: 3rem; }
.st-key-cls_prev p, .st-key-cls_next p { font-size: 1.2rem; }
</style>"""


def _go(to: int) -> None:
    st.query_params["slide"] = str(to)


def _flip(flag: str) -> None:
    st.session_state[flag] = not st.session_state.get(flag, False)


ds = dataset()
deck = derived(build_deck)
total = len(deck)

number, slide_notice = parse_slide(st.query_params.get("slide"), total)
notes_on, notes_notice = parse_notes(st.query_params.get("notes"))
messages = [m for m in (slide_notice, notes_notice) if m]
unknown = [k for k in st.query_params if k not in URL_KEYS]
if unknown:
    messages.append(f"Ignored {len(unknown)} unknown URL parameter(s).")
# The URL always names the slide on screen, so a corrected link can be copied as it is.
if slide_notice:
    st.query_params["slide"] = str(number)
for key in unknown:
    del st.query_params[key]
if "cls_notes" not in st.session_state:
    st.session_state["cls_notes"] = notes_on

st.html(LARGE_TYPE)
slide = deck[number - 1]


def render_slide() -> None:
    with st.container(border=True, key="cls_slide"):
        st.title(md_escape(slide.title), anchor=False)
        if slide.kind == "sources":
            with st.container(key="cls_sources"):
                # the shared renderer: a source whose original was not found online links only its copy, as a copy
                st.markdown("\n".join(f"- {source_links(ds, [i])}" for i in slide.source_ids))
        elif slide.quiz is not None:
            render_quiz()
        elif sum(map(len, slide.points)) > DENSE_CHARS:
            with st.container(key="cls_dense"):  # long quotations: a step smaller, so the slide fits the screen
                st.markdown("\n".join(f"- {md_escape(p)}" for p in slide.points))
        else:
            st.markdown("\n".join(f"- {md_escape(p)}" for p in slide.points))
        if slide.question:
            with st.container(border=True):
                st.markdown(f"**Discuss:** {md_escape(slide.question)}")
    if slide.kind != "sources":
        # A few sources inline keep the slide calm; the full list is one click away.
        source_line(ds, slide.source_ids[:SOURCES_INLINE])
        if len(slide.source_ids) > SOURCES_INLINE:
            with st.expander(f"All {len(slide.source_ids)} sources behind this slide"):
                st.markdown("\n".join(f"- {source_links(ds, [i])}" for i in slide.source_ids))


def render_quiz() -> None:
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


st.caption(f"Classroom mode · {ds.metadata['rule']['citation']} · Previous and Next, or the ← and → keys")
notices(messages)
prev_col, bar_col, next_col = st.columns([1.6, 5, 1.6], vertical_alignment="center")
prev_col.button(
    "Previous",
    key="cls_prev",
    on_click=_go,
    args=(number - 1,),
    disabled=number == 1,
    width="stretch",
    shortcut="Left",
)
next_col.button(
    "Next",
    key="cls_next",
    on_click=_go,
    args=(number + 1,),
    disabled=number == total,
    width="stretch",
    type="primary",
    shortcut="Right",
)
bar_col.progress(number / total, text=f"Slide {number} of {total}")

# With notes on, a presenter view: the slide on the left, the notes beside it, both on screen at once.
if st.session_state["cls_notes"]:
    slide_col, notes_col = st.columns([3, 2], gap="large")
    with slide_col:
        render_slide()
    with notes_col, st.container(border=True, key="cls_notes_box"):
        st.subheader("Speaker notes", anchor=False)
        st.markdown(md_escape(slide.notes))
else:
    render_slide()

left, mid, right = st.columns(3, vertical_alignment="center")
if left.toggle("Speaker notes", key="cls_notes"):
    st.query_params["notes"] = "1"
elif "notes" in st.query_params:
    del st.query_params["notes"]
# Two formats of the same one-page handout; an emoji icon, since Material icons would load a web font.
for col, (label, data, ext, mime, key) in zip(
    (mid, right),
    (
        ("Handout (Markdown)", derived(handout_markdown), "md", "text/markdown", "cls_handout"),
        ("Handout (plain text)", derived(handout_text), "txt", "text/plain", "cls_handout_txt"),
    ),
    strict=True,
):
    col.download_button(
        label,
        data=data,
        file_name=f"listed-classroom-handout.{ext}",
        mime=mime,
        key=key,
        on_click="ignore",
        icon="📥",
        help="A one-page handout: the story, key dates, discussion and quiz questions (no answers), sources.",
    )
