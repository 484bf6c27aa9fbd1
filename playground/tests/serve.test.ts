import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { resolveStatic } from "../serve.ts";

describe("静态服务 static file resolution", () => {
  const dist = join("/srv", "dist");
  it("maps URL paths into dist, index.html for directories, queries and hashes ignored", () => {
    expect(resolveStatic(dist, "/")).toBe(join(dist, "index.html"));
    expect(resolveStatic(dist, "/assets/app.js?v=1")).toBe(join(dist, "assets", "app.js"));
    expect(resolveStatic(dist, "/index.html#s=abc")).toBe(join(dist, "index.html"));
    expect(resolveStatic(dist, "/assets/%E4%B8%AD.js")).toBe(join(dist, "assets", "中.js"));
  });
  it("never leaves dist", () => {
    expect(resolveStatic(dist, "/../secret")).toBeUndefined();
    expect(resolveStatic(dist, "/assets/../../etc/passwd")).toBeUndefined();
    expect(resolveStatic(dist, "/%2e%2e/%2e%2e/etc/passwd")).toBeUndefined();
    expect(resolveStatic(dist, "/assets/../index.html")).toBe(join(dist, "index.html"));
    expect(resolveStatic(dist, "/a%00b")).toBeUndefined();
    expect(resolveStatic(dist, "/%E4%B8")).toBeUndefined(); // malformed escape
    // A sibling whose name starts with dist's name is still outside.
    expect(resolveStatic(join("/srv", "dis"), "/../dist/x")).toBeUndefined();
  });
});
