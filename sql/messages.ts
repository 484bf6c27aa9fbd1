// A runtime error's text as the results write it (`field: CODE message`), rendered by the
// runtime's own registry with SQL values spliced in where the message shows the claim's data.
import { renderRuntimeError, type ErrorCode, type Lang } from "../runtime/errors.ts";
import type { Dialect } from "./dialect.ts";
import { v, type V } from "./plan.ts";

export function errorText(d: Dialect, lang: Lang, code: ErrorCode, field: string, args: Record<string, V>): V {
  const marks: Record<string, string> = {};
  for (const k of Object.keys(args)) marks[k] = `\u0000${k}\u0000`;
  const rendered = `${field}: ${code} ${renderRuntimeError({ code, field, args: marks }, lang)}`;
  const parts = rendered.split("\u0000");
  const sql = parts.map((p, i) => (i % 2 === 0 ? d.text(p) : args[p]!.sql)).filter((s) => s !== "''");
  return v(d.concat(sql), ...Object.values(args));
}
