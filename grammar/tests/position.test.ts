import { describe, expect, it } from "vitest";
import { lineCol, utf16LineCol } from "../position.ts";

describe("positions", () => {
  const text = "policy\r\noutput 𠀀𠀁: Money = 自付 + 70%\n";
  const at = text.indexOf("自付");

  it("counts 1-based lines and columns in code points for people", () => {
    expect(lineCol(text, 0)).toEqual({ line: 1, col: 1 });
    expect(lineCol(text, at)).toEqual({ line: 2, col: 20 });
    expect(lineCol(text, text.indexOf("𠀁"))).toEqual({ line: 2, col: 9 });
    expect(lineCol(text, text.length)).toEqual({ line: 3, col: 1 });
    expect(lineCol(text, text.length + 10)).toEqual({ line: 3, col: 1 });
  });

  it("counts columns in UTF-16 code units for editors", () => {
    expect(utf16LineCol(text, at)).toEqual({ line: 2, col: 22 });
    expect(utf16LineCol(text, text.indexOf("\n"))).toEqual({ line: 1, col: 8 }); // the \r is a column
  });
});
