// Where an offset is. Spans are 0-based offsets into the JavaScript string (UTF-16 code
// units). People are shown 1-based lines and columns counted in code points, so a character
// outside the BMP (𠀀) is one column: the CLI's text and JSON output and the playground's
// problem list all use lineCol. Editors that count UTF-16 code units (Monaco, LSP) get
// utf16LineCol, converted in one place on their side.

export interface LineCol {
  line: number;
  col: number;
}

/** The 1-based line of `offset` and the offset its line starts at. */
function lineOf(text: string, offset: number): { line: number; start: number } {
  let line = 1;
  let start = 0;
  for (let i = text.indexOf("\n"); i >= 0 && i < offset; i = text.indexOf("\n", i + 1)) {
    line++;
    start = i + 1;
  }
  return { line, start };
}

const clamp = (text: string, offset: number) => Math.max(0, Math.min(offset, text.length));

/** 1-based line and column (in code points) of a 0-based UTF-16 offset: for people. */
export function lineCol(text: string, offset: number): LineCol {
  const end = clamp(text, offset);
  const { line, start } = lineOf(text, end);
  return { line, col: [...text.slice(start, end)].length + 1 };
}

/** 1-based line and column in UTF-16 code units of a 0-based offset: for Monaco and LSP. */
export function utf16LineCol(text: string, offset: number): LineCol {
  const end = clamp(text, offset);
  const { line, start } = lineOf(text, end);
  return { line, col: end - start + 1 };
}
