// The workspace kept across reloads, the blank template, and where a failing test is shown.
import { describe, expect, it } from "vitest";
import { compile } from "../../compiler/index.ts";
import { NEW_POLICY } from "../src/new-policy.ts";
import { failureSpan } from "../src/test-problems.ts";
import { WORKSPACE_KEY, Workspace, type KeyValueStore } from "../src/workspace.ts";

function memoryStore(): KeyValueStore & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return { data, getItem: (k) => data.get(k) ?? null, setItem: (k, v) => void data.set(k, v) };
}

const bundled = (p: string) => (p === "a.bylaw" ? "A" : "B");

describe("workspace", () => {
  it("keeps edited files and the open one across a reload; an edit back to the original is not modified", () => {
    const store = memoryStore();
    const ws = new Workspace(bundled, store);
    ws.set("a.bylaw", "A edited");
    ws.setOpen("a.bylaw");
    expect(ws.isModified("a.bylaw")).toBe(true);
    expect(ws.isModified("b.bylaw")).toBe(false);

    const reloaded = new Workspace(bundled, store);
    expect(reloaded.open).toBe("a.bylaw");
    expect(reloaded.text("a.bylaw")).toBe("A edited");
    expect(reloaded.text("b.bylaw")).toBe("B");
    expect(reloaded.edits()).toEqual({ "a.bylaw": "A edited" });

    reloaded.set("a.bylaw", "A");
    expect(reloaded.isModified("a.bylaw")).toBe(false);
    expect(new Workspace(bundled, store).edits()).toEqual({});
  });

  it("damaged storage starts from the bundled files", () => {
    const store = memoryStore();
    store.data.set(WORKSPACE_KEY, "{not json");
    expect(new Workspace(bundled, store).edits()).toEqual({});
    store.data.set(WORKSPACE_KEY, JSON.stringify({ open: 3, files: { "a.bylaw": 1, "b.bylaw": "B2" } }));
    const ws = new Workspace(bundled, store);
    expect(ws.open).toBeUndefined();
    expect(ws.edits()).toEqual({ "b.bylaw": "B2" });
  });
});

describe("new policy template", () => {
  it("compiles without a diagnostic", () => {
    const r = compile("policies/untitled.bylaw", NEW_POLICY, { readFile: () => undefined });
    expect(r.diagnostics).toEqual([]);
  });
});

describe("failureSpan", () => {
  const text = `test "救助金 §一" {\n  given 自付 = 1元\n  expect 自付额 = 1元, 救助金 = 2元, alert 预警甲\n}\n`;
  const block: [number, number, number] = [0, 0, text.length];
  const at = (what: string) => {
    const s = failureSpan(text, block, what);
    return text.slice(s.start, s.end);
  };

  it("points at the output after `expect`, not in the title nor inside a longer name", () => {
    const s = failureSpan(text, block, "救助金");
    expect(text.slice(s.start, s.end)).toBe("救助金");
    expect(s.start).toBeGreaterThan(text.indexOf("expect"));
    expect(at("自付")).toBe("expect"); // only 自付额 follows `expect`: fall back to the keyword
  });

  it("finds an alert by its name and falls back to the first line without `expect`", () => {
    expect(at("预警 预警甲")).toBe("预警甲");
    const noExpect = `test "t" {\n  given 自付 = 1元\n}`;
    const s = failureSpan(noExpect, [0, 0, noExpect.length], "救助金");
    expect(noExpect.slice(s.start, s.end)).toBe('test "t" {');
  });
});
