// A recovered syntax tree may miss any child: no stage may throw. Compile every prefix (in
// steps) of a real policy with an extends-chain and a pipeline.
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { expect, it } from "vitest";
import { compile } from "../index.ts";

const dir = join(dirname(fileURLToPath(import.meta.url)), "../golden/lib");
const parent = readFileSync(join(dir, "parent.bylaw"), "utf8");

it("never throws on truncated text", () => {
  const text = parent + `
pipeline 结算 on 自付 {
  layer 救助 = remaining above 100元 * 70% at most 1万元 per year using 已救助
  leaves 个人负担
}
test "截断" {
  given 类别 = 第一类, 自付 = 100元
  claim { given 自付 = 1元  expect 救助 = 0元, alert 类 }
}
`;
  let compiled = 0;
  for (let n = 0; n <= text.length; n += 7) {
    const cut = text.slice(0, n);
    const r = compile("main.bylaw", cut, { readFile: () => undefined });
    expect(Array.isArray(r.diagnostics)).toBe(true);
    compiled++;
  }
  expect(compiled).toBeGreaterThan(50);
});
