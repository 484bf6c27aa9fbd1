import { DuckDBInstance } from "@duckdb/node-api";
import { readFileSync, copyFileSync, rmSync } from "node:fs";
const variant = process.argv[2] ?? "base";
let sql = readFileSync(process.argv[3] ?? "/tmp/exp-settle.sql", "utf8");
rmSync("/tmp/exp-run.duckdb.wal", { force: true }); copyFileSync("/tmp/exp.duckdb", "/tmp/exp-run.duckdb");
const inst = await DuckDBInstance.create("/tmp/exp-run.duckdb", { threads: process.env.THREADS ?? "2", preserve_insertion_order: "true", ...(process.env.MEM ? { memory_limit: process.env.MEM } : {}) });
const c = await inst.connect();
if (variant.includes("part")) {
  sql = sql.replace(/DENSE_RANK\(\) OVER \(ORDER BY k\."person", k\."_year"\) AS "_py"/, `0 AS "_py"`).replaceAll(`PARTITION BY "_py"`, `PARTITION BY "person", "_year"`);
}
if (variant.includes("d18")) sql = sql.replaceAll("DECIMAL(38,", "DECIMAL(18,");
await c.run(sql);
const t0 = performance.now();
await c.run("CREATE TABLE settled2 AS SELECT * FROM bylaw_settled");
console.log(variant, ((performance.now() - t0) / 1000).toFixed(2), "s");
const r = await c.runAndReadAll(`SELECT count(*), sum("救助金")::VARCHAR, sum(hash("救助金", "年度累计个人负担", "errors", "alerts", "seq")) FROM settled2`);
console.log(JSON.stringify(r.getRows(), (_, v) => typeof v === "bigint" ? v.toString() : v));
c.closeSync(); inst.closeSync(); rmSync("/tmp/exp-run.duckdb");
