// A runtime error's text as the results write it (`field: CODE message`), rendered by the
// runtime's own registry with SQL values spliced in where the message shows the claim's data.
import { errorCell, renderRuntimeError, type ErrorCode, type Lang } from "../runtime/errors.ts";
import type { Dialect } from "./dialect.ts";
import { renderSqlMessage, type SqlCode } from "./diagnostics.ts";
import { v, type V } from "./plan.ts";

export function errorText(d: Dialect, lang: Lang, code: ErrorCode | SqlCode, field: string, args: Record<string, V>): V {
  const marks: Record<string, string> = {};
  for (const k of Object.keys(args)) marks[k] = `\u0000${k}\u0000`;
  // the SQL target's own codes (BS) are worded by its registry, the runtime's by the runtime's
  const message = code.startsWith("BS") ? renderSqlMessage(code as SqlCode, { ...marks, field }, lang) : renderRuntimeError({ code: code as ErrorCode, field, args: marks }, lang);
  const rendered = errorCell(field, code, message);
  const parts = rendered.split("\u0000");
  const sql = parts.map((p, i) => (i % 2 === 0 ? d.text(p) : args[p]!.sql)).filter((s) => s !== "''");
  return v(d.concat(sql), ...Object.values(args));
}
