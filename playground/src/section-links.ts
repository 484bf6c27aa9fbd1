// `§` citations as links to the 原文 tab wherever the page shows them as text — the results
// and alerts of 试算, the tests, the editor's hovers — without each of them marking them up:
// a click is read at the text under the pointer.

/** A `§` citation as the language writes it: `§` and the characters up to a space or a quote. */
const CITATION = /§[^\s"“”，。；]+/g;

/** The citation in `text` that spans `offset` (inclusive at both ends), if any; in prose (a
 *  comment, a title) without the punctuation after it: `§二(四)1-2:` is `§二(四)1-2`. */
export function citationIn(text: string, offset: number): string | undefined {
  for (const m of text.matchAll(CITATION)) if (m.index <= offset && offset <= m.index + m[0].length) return trimmed(m[0]);
  return undefined;
}

function trimmed(citation: string): string {
  let c = citation.replace(/[:：,.、!?！？]+$/, "");
  // a closing bracket the citation did not open belongs to the prose around it
  const depth = (s: string) => (s.match(/[(（]/g)?.length ?? 0) - (s.match(/[)）]/g)?.length ?? 0);
  while (depth(c) < 0 && /[)）]$/.test(c)) c = c.slice(0, -1);
  return c;
}

type CaretDocument = Document & { caretPositionFromPoint?(x: number, y: number): { offsetNode: Node; offset: number } | null };

/** The citation under a click on plain text, if the click landed on one. */
export function citationAtPointer(event: MouseEvent): string | undefined {
  const doc = document as CaretDocument;
  const at = doc.caretPositionFromPoint?.(event.clientX, event.clientY);
  const range = at ? undefined : doc.caretRangeFromPoint?.(event.clientX, event.clientY);
  const node = at?.offsetNode ?? range?.startContainer;
  const offset = at?.offset ?? range?.startOffset ?? 0;
  if (node?.nodeType === Node.TEXT_NODE) return citationIn(node.textContent ?? "", offset);
  // beside the text (a cell's padding): the element's text when it is one citation
  const whole = (event.target as Element | null)?.textContent?.trim() ?? "";
  return citationIn(whole, 0) === whole && whole !== "" ? whole : undefined;
}

/** Calls `open` with the citation clicked in `where` (not on a control: a test's title link
 *  opens its test, a button does what it says). */
export function linkCitations(where: (target: Element) => boolean, open: (citation: string) => void): void {
  document.addEventListener("click", (event) => {
    const target = event.target as Element | null;
    if (!target || !where(target) || target.closest("a, button, input, select, textarea, label, mark")) return;
    const citation = citationAtPointer(event);
    if (citation) open(citation);
  });
}
