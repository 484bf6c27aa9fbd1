// Formatting: `bylaw fmt`'s layout as one edit of the whole text; none when the text is
// already formatted, undefined when it has syntax errors (the formatter refuses those).
import { format } from "../grammar/format.ts";
import type { TextEdit } from "./navigation.ts";
import { rangeOf } from "./positions.ts";

export function formatEdits(text: string): TextEdit[] | undefined {
  const r = format(text);
  if (r.text === undefined) return undefined;
  return r.text === text ? [] : [{ range: rangeOf(text, { start: 0, end: text.length }), newText: r.text }];
}
