import { describe, expect, it } from "vitest";
import { Handoff } from "./handoff.ts";

describe("Handoff", () => {
  it("several puts waiting for room at once all go through, in order (the opening ledgers' COPY hung on 60 000 lines)", async () => {
    const h = new Handoff(2);
    // the reader runs its sinks side by side: six puts before the consumer takes any
    const puts = Array.from({ length: 6 }, (_, i) => h.put(`c${i}`));
    const all = Promise.all(puts).then(() => h.end());
    const got: string[] = [];
    for await (const chunk of h.take()) got.push(chunk);
    await all;
    expect(got).toEqual(["c0", "c1", "c2", "c3", "c4", "c5"]);
  });

  it("holds a put while `max` chunks wait, and the consumer sees the reader's failure after what came before", async () => {
    const h = new Handoff(1);
    let second = false;
    void h.put("a");
    const p = h.put("b").then(() => (second = true));
    await new Promise((r) => setTimeout(r, 10));
    expect(second).toBe(false);
    const it = h.take()[Symbol.asyncIterator]();
    expect((await it.next()).value).toBe("a");
    await p;
    expect(second).toBe(true);
    h.end({ error: new Error("line 3: not JSON") });
    expect((await it.next()).value).toBe("b");
    await expect(it.next()).rejects.toThrow("line 3: not JSON");
  });
});
