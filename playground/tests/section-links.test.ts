// `§` citations found in plain text (results, hovers, comments), as the 原文 tab looks them up.
import { describe, expect, it } from "vitest";
import { citationIn } from "../src/section-links.ts";

describe("citationIn", () => {
  it("finds the citation around an offset, ends included", () => {
    const text = "救助金 §二(四)2 与 §冠县二";
    expect(citationIn(text, text.indexOf("§"))).toBe("§二(四)2");
    expect(citationIn(text, text.indexOf("§") + 6)).toBe("§二(四)2");
    expect(citationIn(text, text.indexOf("与"))).toBeUndefined();
    expect(citationIn(text, text.length)).toBe("§冠县二");
  });

  it("leaves out the prose's punctuation and a bracket the citation did not open", () => {
    expect(citationIn("// ---- §二(四)1-2: deductible", 9)).toBe("§二(四)1-2");
    expect(citationIn("（见§二(二)3(五)）。", 3)).toBe("§二(二)3(五)");
    expect(citationIn(`"§一(一)"`, 2)).toBe("§一(一)");
  });
});
