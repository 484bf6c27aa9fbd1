import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { compressDist, pickEncoding, resolveStatic } from "../serve.ts";

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

describe("压缩传输 precompressed assets", () => {
  it("writes .br and .gz copies that decompress to the file; serves the best one the browser accepts", async () => {
    const dir = mkdtempSync(join(tmpdir(), "bylaw-dist-"));
    const js = join(dir, "app.js"), tiny = join(dir, "tiny.js"), png = join(dir, "x.png");
    writeFileSync(js, "const 政策 = 1;\n".repeat(500));
    writeFileSync(tiny, "1");
    writeFileSync(png, Buffer.alloc(5000));
    await compressDist(dir);
    expect(brotliDecompressSync(readFileSync(`${js}.br`)).toString()).toBe(readFileSync(js, "utf8"));
    expect(gunzipSync(readFileSync(`${js}.gz`)).toString()).toBe(readFileSync(js, "utf8"));
    expect(existsSync(`${tiny}.br`)).toBe(false); // not worth it
    expect(existsSync(`${png}.gz`)).toBe(false); // already compressed
    expect(pickEncoding("gzip, deflate, br, zstd", js)?.name).toBe("br");
    expect(pickEncoding("gzip", js)?.name).toBe("gzip");
    expect(pickEncoding("br;q=0, gzip;q=0.5", js)?.name).toBe("gzip");
    expect(pickEncoding("identity", js)).toBeUndefined();
    expect(pickEncoding(undefined, js)).toBeUndefined();
    expect(pickEncoding("br, gzip", tiny)).toBeUndefined();
  });
});
