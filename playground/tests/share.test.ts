import { describe, expect, it } from "vitest";
import { decodeShare, encodeShare, type ShareState } from "../src/share.ts";

describe("分享链接 share links", () => {
  const state: ShareState = {
    path: "policies/000-xpcc/assistance.bylaw",
    text: 'policy xpcc.assistance "兵团医疗救助" {\n  region "新疆生产建设兵团"\n}\n'.repeat(40),
    inputs: { 类别: "第三类", 南疆: false, 自付: "1.2万", 身份: ["低保对象", "孤儿"] },
    ledger: { 起付已用: "500" },
    date: "2022-08-01",
    tab: "run",
  };

  it("round-trips the text, the inputs and the ledger, Chinese included", async () => {
    const hash = await encodeShare(state);
    expect(hash.startsWith("#s=")).toBe(true);
    expect(hash).toMatch(/^#s=[A-Za-z0-9_-]+$/); // base64url: safe in a URL without escaping
    expect(await decodeShare(hash)).toEqual(state);
  });

  it("compresses: a repetitive policy is much shorter than its UTF-8 text", async () => {
    const hash = await encodeShare(state);
    expect(hash.length).toBeLessThan(new TextEncoder().encode(state.text).length / 4);
  });

  it("ignores hashes that are not share links or are damaged", async () => {
    expect(await decodeShare("")).toBeUndefined();
    expect(await decodeShare("#other")).toBeUndefined();
    expect(await decodeShare("#s=not-deflate")).toBeUndefined();
    const hash = await encodeShare(state);
    expect(await decodeShare(hash.slice(0, hash.length - 10))).toBeUndefined();
    // Valid compression of something that is not a share state.
    const bogus = await encodeShare({ text: 5 } as unknown as ShareState);
    expect(await decodeShare(bogus)).toBeUndefined();
  });
});
