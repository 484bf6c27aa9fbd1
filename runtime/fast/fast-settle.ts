// The fast path's settle function for one rule set, generated as JavaScript at load time.
// Why generate: with every field, ledger slot and output name a constant in the source, V8
// reads inputs with a `switch` on the key instead of a Map, builds each result from object
// literals of one fixed shape instead of key-by-key stores, and compiles the policy's
// arithmetic (compile-fixed.ts) as straight-line code; that cut the cost of an ordinary claim
// by a third (BENCHMARKS.md). The source names the rule set's fields, ledger slots and
// outputs, each as a JSON string literal (JSON.stringify escapes every quote, backslash and
// line break); every other constant comes from a pool. Where `Function` is refused (a page
// whose Content-Security-Policy forbids eval), there is no fast path and the decimal.js path
// settles every claim. A claim it declines leaves by one exit that hands over what was read.
import type { Value } from "../ir/artifact.ts";
import { Declined, type AlertHit, type EvalResult } from "../result.ts";
import { ops, type FV } from "./fixed-ops.ts";
import { canonicalMoney, formatFixedDecimal, formatFixedMoney, readFixed } from "./fixed.ts";
import { canonicalCount, HeldLedger, keptText, type LedgerIO } from "../eval/ledger.ts";
import { setOwn } from "../ir/shape.ts";
import type { ResultStep } from "../load/result-order.ts";

/** `dated`: the dated params' values in force on the claim's date (compile-fixed.ts `c.dp`). */
export type Settle = (input: unknown, ledger: unknown, year: number, dated: readonly FV[], date: string, others: ReadonlySet<string> | undefined) => EvalResult | Declined;

/** What the generated settle function is made of; every list in slot (or IR) order. Every
 *  `code` is an expression over `c` (the claim's FCtx) from compile-fixed.ts. */
export interface SettlePlan {
  /** input fields by slot: the reader answers undefined for anything off the fast path */
  fields: { name: string; read: (v: unknown) => FV | undefined; fallback: FV | undefined }[];
  /** ledger field names by slot */
  ledger: string[];
  /** by slot: the field counts (Int, held in fen as count × 100) rather than holding money */
  counts: boolean[];
  nDefs: number;
  outputs: { name: string; code: string; finish: (v: FV) => Value }[];
  /** each pipeline's result names (layers, then leaves) and code giving their values in that order */
  pipelines: { names: string[]; code: string }[];
  /** the order outputs and pipelines run in (Checked.order), and how many results pipelines give */
  order: ResultStep[];
  nResults: number;
  alerts: { hit: AlertHit; code: string }[];
  ledgerDefines: string[];
  /** the function declarations the codes call (defines, nodes that take statements) */
  functions: string[];
  /** the constants the codes name K0, K1, … */
  consts: unknown[];
  io: LedgerIO;
  /** a held ledger of this rule set's own, in fen (a copy), or undefined when the decimal.js path must read it */
  readHeld: (held: HeldLedger, year: number) => number[] | undefined;
  /** A declined claim with what was read: the input slots (all, when `done`), the slot `at`
   *  whose `value` was taken but not read (−1: none), and the ledger's slots in fen and
   *  canonical texts as read with its extra fields (undefined when not read whole, or held). */
  decline: (ins: (FV | undefined)[], done: boolean, at: number, value: unknown,
    led?: (number | undefined)[], texts?: (string | undefined)[], extra?: [string, string][]) => Declined;
}

/** A held ledger's extra fields when it has none: never written to (only a plain ledger's reading adds). */
const NO_EXTRA: [string, string][] = [];
/** The results of a rule set with no pipeline: nothing is ever written to it. */
const NONE: number[] = [];

/** A name as a JS string literal. */
const lit = (name: string): string => JSON.stringify(name);

/** An object literal's key: `__proto__` written plainly would set the prototype, computed it is data. */
const key = (name: string): string => (name === "__proto__" ? `[${lit(name)}]` : lit(name));

/** `let a, b;`, or nothing for no names. */
const declare = (names: string[]): string[] => (names.length === 0 ? [] : [`let ${names.join(", ")};`]);

/** The input slots as an array literal. */
const slots = (p: SettlePlan): string => `[${p.fields.map((_, i) => `i${i}`).join(", ")}]`;

// Reading and evaluation run inside the block `read`: `break read` declines the claim with the
// input read so far (`done` once all of it is), and a field's value taken but not read as `at`, `v`.
function inputSource(p: SettlePlan): string[] {
  const f = p.fields;
  return [
    `const ks = keys(input);`,
    `for (let k = 0; k < ks.length; k++) {`,
    `  v = input[ks[k]];`,
    `  switch (ks[k]) {`,
    // an own key whose value is undefined counts as left out; an unknown key declines
    ...f.map((x, i) => `    case ${lit(x.name)}: if (v !== undefined && (i${i} = rd${i}(v)) === undefined) { at = ${i}; break read; } break;`),
    `    default: break read;`,
    `  }`,
    `}`,
    // a non-enumerable own field is read by the decimal.js path (Object.hasOwn), not left out
    ...f.map((x, i) => x.fallback === undefined
      ? `if (i${i} === undefined) break read;`
      : `if (i${i} === undefined) { if (hasOwn(input, ${lit(x.name)}) && (v = input[${lit(x.name)}]) !== undefined) { at = ${i}; break read; } i${i} = fb${i}; }`),
    `done = true;`,
  ];
}

function ledgerSource(p: SettlePlan): string[] {
  const zeros = `[${p.ledger.map(() => "0").join(", ")}]`;
  return [
    `const held = ledger instanceof HeldLedger;`,
    `let led, extra = NO_EXTRA;`,
    // a slot's text as read, when written as we write it, and its value: reused if unchanged
    ...declare(p.ledger.flatMap((_, i) => [`t${i}`, `u${i}`])),
    `if (held && ledger.io === io) {`,
    `  led = readHeld(ledger, year);`,
    `  if (led === undefined) break read;`,
    `  if (ledger.year === year) extra = ledger.extra;`,
    `} else {`,
    `  led = ${zeros};`,
    `  if (ledger !== undefined && ledger !== null) {`,
    // another rule set's held ledger is read through its `values`, like a plain one
    `    if (typeof ledger !== "object" || (getPrototypeOf(ledger) !== OBJECT && !held)) break read;`,
    `    const ly = ledger.year, vals = ledger.values;`,
    `    if (!isSafeInteger(ly) || typeof vals !== "object" || vals === null || isArray(vals) || !io.readable(ledger, year)) break read;`,
    `    const vk = keys(vals);`,
    `    for (let k = 0; k < vk.length; k++) {`,
    `      const text = vals[vk[k]], r = readFixed(text, 2);`,
    `      if (r === undefined || r < 0) break read;`,
    `      if (ly !== year) continue;`, // a new medical year: nothing carries over
    `      switch (vk[k]) {`,
    ...p.ledger.map((name, i) =>
      p.counts[i]
        ? `        case ${lit(name)}: if (r % 100 !== 0) break read; led[${i}] = u${i} = r; t${i} = canonicalCount(text); break;`
        : `        case ${lit(name)}: led[${i}] = u${i} = r; t${i} = canonicalMoney(text); break;`),
    // a field no version declares is the decimal.js path's to report (BR2028)
    `        default: if (!io.keeps(ledger, vk[k], others)) break read; (extra === NO_EXTRA ? (extra = []) : extra).push([vk[k], keptText(text) ?? formatFixedMoney(r, 2)]);`,
    `      }`,
    `    }`,
    `  }`,
    `}`,
  ];
}

function evaluationSource(p: SettlePlan): string[] {
  const outs = p.outputs.map((_, i) => `o${i}`), pipes = p.pipelines.map((_, i) => `p${i}`);
  const list = (prefix: string): string => `[${p.ledger.map((_, i) => `${prefix}${i}`).join(", ")}]`;
  return [
    // a rule set without pipelines writes no results: no array a claim (NONE is never written)
    `const c = { in: ${slots(p)}, led, defs: new Array(${p.nDefs}), rem: 0, paid: ${p.nResults > 0 ? `new Array(${p.nResults})` : "NONE"}, dp: dated, date };`,
    `const alerts = [];`,
    ...declare([...outs, ...pipes]),
    `try {`,
    ...p.order.map((x) => ("pipeline" in x ? `  p${x.pipeline} = ${p.pipelines[x.pipeline]!.code};` : `  o${x.output} = fin${x.output}(${p.outputs[x.output]!.code});`)),
    ...p.alerts.map((a, i) => `  if (${a.code}) alerts.push(hit${i});`),
    ...p.ledgerDefines.map((code) => `  ${code};`),
    `} catch {`,
    // OVERFLOW, or an EvalFailure the decimal.js path will report in full. `led` has been
    // written: the ledger as read is in u (t its texts); a held one is handed on as it is.
    `  return held && ledger.io === io ? decline(c.in, true, -1) : decline(c.in, true, -1, undefined, ${list("u")}, ${list("t")}, extra);`,
    `}`,
  ];
}

function resultSource(p: SettlePlan): string[] {
  // in the artifact's order, as the decimal.js path gives them, so results are alike to the character
  const entries = [
    ...p.outputs.map((o, i) => `${key(o.name)}: o${i}`),
    ...p.pipelines.flatMap((x, i) => x.names.map((name, j) => `${key(name)}: p${i}[${j}]`)),
  ];
  const values = p.ledger.map((name, i) => `${key(name)}: t${i} !== undefined && led[${i}] === u${i} ? t${i} : ${p.counts[i] ? "formatFixedDecimal" : "formatFixedMoney"}(led[${i}], 2)`);
  return [
    `const outputs = { ${entries.join(", ")} };`,
    `if (held) return { ok: true, outputs, alerts, ledger: HeldLedger.ofFen(io, year, led, extra) };`,
    `const values = { ${values.join(", ")} };`,
    `for (let k = 0; k < extra.length; k++) setOwn(values, extra[k][0], extra[k][1]);`,
    `return { ok: true, outputs, alerts, ledger: { year, values } };`,
  ];
}

/** The generated source: the body of a function of `env` that returns the settle function. */
function settleSource(p: SettlePlan): string {
  const bind = (name: string, list: string, n: number): string[] =>
    Array.from({ length: n }, (_, i) => `const ${name}${i} = env.${list}[${i}];`);
  return [
    `"use strict";`,
    `const { keys, isArray, hasOwn, getPrototypeOf, OBJECT, isSafeInteger, readFixed, canonicalMoney, canonicalCount, keptText, formatFixedMoney, formatFixedDecimal, setOwn, HeldLedger, NO_EXTRA, NONE, io, readHeld, ops, decline, UNREAD } = env;`,
    ...bind("rd", "rd", p.fields.length),
    ...bind("fb", "fb", p.fields.length),
    ...bind("fin", "fin", p.outputs.length),
    ...bind("hit", "hit", p.alerts.length),
    ...bind("K", "K", p.consts.length),
    ...p.functions,
    `return function settle(input, ledger, year, dated, date, others) {`,
    `  if (typeof input !== "object" || input === null || isArray(input)) return UNREAD;`,
    ...declare([...p.fields.map((_, i) => `i${i}`), "v"]).map((l) => `  ${l}`),
    `  let done = false, at = -1;`,
    `  read: {`,
    ...[...inputSource(p), ...ledgerSource(p), ...evaluationSource(p), ...resultSource(p)].map((l) => `    ${l}`),
    `  }`,
    `  return decline(${slots(p)}, done, at, v);`,
    `};`,
  ].join("\n");
}

/** The settle function for the plan, or undefined where generated code is refused (CSP). */
export function generateSettle(p: SettlePlan): Settle | undefined {
  let make: (env: unknown) => Settle;
  try {
    make = new Function("env", settleSource(p)) as (env: unknown) => Settle;
  } catch (e) {
    if (e instanceof EvalError) return undefined;
    throw e;
  }
  return make({
    keys: Object.keys, isArray: Array.isArray, hasOwn: Object.hasOwn, getPrototypeOf: Object.getPrototypeOf,
    OBJECT: Object.prototype, isSafeInteger: Number.isSafeInteger, readFixed, canonicalMoney, canonicalCount, keptText, formatFixedMoney, formatFixedDecimal, setOwn,
    HeldLedger, NO_EXTRA, NONE, io: p.io, readHeld: p.readHeld, decline: p.decline, UNREAD: Declined.UNREAD,
    ops, rd: p.fields.map((f) => f.read), fb: p.fields.map((f) => f.fallback), fin: p.outputs.map((o) => o.finish),
    hit: p.alerts.map((a) => a.hit), K: p.consts,
  });
}
