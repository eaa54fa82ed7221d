// Instant slide changes for the Classroom. The page renders the slide on screen ("cls_now") and, hidden, the slides
// before and after it ("cls_behind", "cls_ahead"). On Next/Previous (click, arrow keys, Page Up/Down) this shows the
// neighbour at once by setting one attribute on <body>; the click still goes to the server, which reruns the deck and
// renders the new slide as "cls_now"; once that is on screen the attribute is removed. No network, no page text read
// or written: only elements are shown and hidden.
export default function () {
  if (window.__listedSlideSwitch) return;
  window.__listedSlideSwitch = true;
  const body = document.body;
  const titleOf = (sel) => {
    const h = document.querySelector(`${sel} h1`);
    return h ? h.textContent : null;
  };
  const shift = (dir) => {
    if (body.dataset.clsShift) return; // one step at a time: the server catches up first
    const button = document.querySelector(dir === "ahead" ? ".st-key-cls_next button" : ".st-key-cls_prev button");
    const target = titleOf(`.st-key-cls_${dir}`);
    if (!button || button.disabled || target === null) return;
    body.dataset.clsShift = dir;
    body.dataset.clsTarget = target;
    setTimeout(clear, 5000); // never leave a stale slide on screen if the server does not answer
  };
  const clear = () => {
    delete body.dataset.clsShift;
    delete body.dataset.clsTarget;
  };
  // The server's new slide is on screen: drop the shortcut (before the browser paints).
  new MutationObserver(() => {
    if (body.dataset.clsShift && titleOf(".st-key-cls_now") === body.dataset.clsTarget) clear();
  }).observe(body, { subtree: true, childList: true, characterData: true });
  document.addEventListener(
    "click",
    (e) => {
      if (!(e.target instanceof Element)) return;
      if (e.target.closest(".st-key-cls_next button")) shift("ahead");
      else if (e.target.closest(".st-key-cls_prev button")) shift("behind");
    },
    true,
  );
  document.addEventListener(
    "keydown",
    (e) => {
      if (e.altKey || e.ctrlKey || e.metaKey || e.shiftKey) return;
      const t = e.target;
      if (t instanceof Element && t.closest("input, textarea, select, [contenteditable]")) return;
      if (e.key === "ArrowRight" || e.key === "PageDown") shift("ahead");
      else if (e.key === "ArrowLeft" || e.key === "PageUp") shift("behind");
    },
    true,
  );
}
