// The workspace kept across reloads (own files too), where an opened file goes, the blank
// template, and where a failing test is shown.
import { describe, expect, it } from "vitest";
import { compile } from "../../compiler/index.ts";
import { NEW_POLICY } from "../src/new-policy.ts";
import { failureSpan } from "../src/test-problems.ts";
import { pathForOpened, saveName } from "../src/file-menu.ts";
import { Workspace, type StoredWorkspace, type WorkspaceStore } from "../src/workspace.ts";

/** A store that keeps what was saved last, as IndexedDB would (a structured copy). */
function memoryStore(initial?: unknown): WorkspaceStore & { value: unknown } {
  const store = {
    value: initial,
    load: async () => store.value as StoredWorkspace | undefined,
    save: (state: StoredWorkspace) => void (store.value = structuredClone(state)),
  };
  return store;
}

const shipped = (p: string) => (p === "a.bylaw" ? "A" : "B");

describe("workspace", () => {
  it("keeps edited files and the open one across a reload; an edit back to the original is not modified", async () => {
    const store = memoryStore();
    const ws = await Workspace.open(shipped, store);
    ws.set("a.bylaw", "A edited");
    ws.setOpen("a.bylaw");
    expect(ws.isModified("a.bylaw")).toBe(true);
    expect(ws.isModified("b.bylaw")).toBe(false);

    const reloaded = await Workspace.open(shipped, store);
    expect(reloaded.open).toBe("a.bylaw");
    expect(reloaded.text("a.bylaw")).toBe("A edited");
    expect(reloaded.text("b.bylaw")).toBe("B");
    expect(reloaded.edits()).toEqual({ "a.bylaw": "A edited" });

    reloaded.set("a.bylaw", "A");
    expect(reloaded.isModified("a.bylaw")).toBe(false);
    expect((await Workspace.open(shipped, store)).edits()).toEqual({});
  });

  it("own files: kept with their text as opened, modified after an edit until saved, read by the compiler", async () => {
    const store = memoryStore();
    const ws = await Workspace.open(shipped, store);
    ws.addOwn("policies/mine.bylaw", "M1");
    expect(ws.ownFiles()).toEqual(["policies/mine.bylaw"]);
    expect(ws.isModified("policies/mine.bylaw")).toBe(false);
    expect(ws.edits()).toEqual({ "policies/mine.bylaw": "M1" }); // a child importing it finds it
    ws.set("policies/mine.bylaw", "M2");
    expect(ws.isModified("policies/mine.bylaw")).toBe(true);
    expect(ws.base("policies/mine.bylaw")).toBe("M1");

    const reloaded = await Workspace.open(shipped, store);
    expect(reloaded.isOwn("policies/mine.bylaw")).toBe(true);
    expect(reloaded.text("policies/mine.bylaw")).toBe("M2");
    expect(reloaded.isModified("policies/mine.bylaw")).toBe(true);
    reloaded.saved("policies/mine.bylaw");
    expect(reloaded.isModified("policies/mine.bylaw")).toBe(false);
    reloaded.set("policies/mine.bylaw", "M1"); // back to what it was opened with, but saved as M2
    expect((await Workspace.open(shipped, store)).isModified("policies/mine.bylaw")).toBe(true);
    // Saving a shipped example to disk does not make it the shipped text.
    reloaded.set("a.bylaw", "A2");
    reloaded.saved("a.bylaw");
    expect(reloaded.isModified("a.bylaw")).toBe(true);
  });

  it("a new own file takes the first free name; removing one forgets it, and a shipped file cannot be removed", async () => {
    const store = memoryStore();
    const ws = await Workspace.open(shipped, store);
    const taken = (p: string) => p === "policies/新政策-1.bylaw" || ws.isOwn(p);
    const first = ws.freePath("新政策", taken);
    expect(first).toBe("policies/新政策-2.bylaw");
    ws.addOwn(first, "N");
    ws.setOpen(first);
    expect(ws.freePath("新政策", taken)).toBe("policies/新政策-3.bylaw");
    ws.remove(first);
    ws.remove("a.bylaw");
    const reloaded = await Workspace.open(shipped, store);
    expect(reloaded.ownFiles()).toEqual([]);
    expect(reloaded.edits()).toEqual({});
    expect(reloaded.open).toBeUndefined();
  });

  it("damaged or unreadable storage starts from the shipped files", async () => {
    expect((await Workspace.open(shipped, memoryStore("{not an object"))).edits()).toEqual({});
    const ws = await Workspace.open(shipped, memoryStore({ open: 3, files: { "a.bylaw": 1, "b.bylaw": "B2" }, own: [1] }));
    expect(ws.open).toBeUndefined();
    expect(ws.edits()).toEqual({ "b.bylaw": "B2" });
    const failing: WorkspaceStore = { load: () => Promise.reject(new Error("blocked")), save: () => {} };
    expect((await Workspace.open(shipped, failing)).edits()).toEqual({});
  });

  it("an opened file sits beside the shipped policies under its own name; saved under its last segment", () => {
    expect(pathForOpened("医疗救助.bylaw")).toBe("policies/医疗救助.bylaw");
    expect(pathForOpened("C:\\fakepath\\x.bylaw")).toBe("policies/x.bylaw");
    expect(pathForOpened("rules.txt")).toBe("policies/rules.txt.bylaw");
    expect(pathForOpened("a/../b?.bylaw")).toBe("policies/b_.bylaw");
    expect(saveName("policies/000-xpcc/assistance.bylaw")).toBe("assistance.bylaw");
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
