// The handle between the editor and the side panel: drag it (or focus it and press ←/→) to
// give one more room. The width is the side panel's, kept for the next visit. Hidden when
// the panes stack (narrow screens), where it would have nothing to resize.
import { h } from "./dom.ts";

const STORAGE_KEY = "bylaw.sideWidth";
const MIN = 280;
const STEP = 40;

export function splitter(side: HTMLElement, label: string): HTMLElement {
  const handle = h("div", {
    class: "splitter", role: "separator", tabindex: 0, "aria-orientation": "vertical", "aria-label": label,
    "aria-valuemin": MIN, "data-testid": "splitter",
  });
  // a focusable separator is a control: screen readers are told its value and range
  const announce = (width: number) => {
    handle.setAttribute("aria-valuenow", String(width));
    handle.setAttribute("aria-valuemax", String(Math.max(MIN, window.innerWidth - 320)));
  };
  announce(MIN);
  requestAnimationFrame(() => announce(Math.round(side.getBoundingClientRect().width) || MIN));
  const setWidth = (px: number) => {
    const max = Math.max(MIN, window.innerWidth - 320);
    const width = Math.round(Math.min(max, Math.max(MIN, px)));
    side.style.flex = `0 0 ${width}px`;
    announce(width);
    try {
      localStorage.setItem(STORAGE_KEY, String(width));
    } catch {
      // not kept; the width still applies now
    }
  };
  try {
    const saved = Number(localStorage.getItem(STORAGE_KEY));
    if (saved > 0) setWidth(saved);
  } catch {
    // no storage: the default widths
  }
  handle.addEventListener("pointerdown", (down) => {
    handle.setPointerCapture(down.pointerId);
    const move = (e: PointerEvent) => setWidth(window.innerWidth - e.clientX);
    const up = () => {
      handle.removeEventListener("pointermove", move);
      handle.removeEventListener("pointerup", up);
    };
    handle.addEventListener("pointermove", move);
    handle.addEventListener("pointerup", up);
  });
  handle.addEventListener("keydown", (e) => {
    if (e.key !== "ArrowLeft" && e.key !== "ArrowRight") return;
    e.preventDefault();
    setWidth(side.getBoundingClientRect().width + (e.key === "ArrowLeft" ? STEP : -STEP));
  });
  return handle;
}
