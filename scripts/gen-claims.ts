// Deterministic synthetic claims for the XPCC assistance policy (policies/000-xpcc/
// assistance.bylaw): one row per claim, grouped by person, dates ascending within each
// person through one medical (calendar) year. Used by benchmarks and batch runs; the
// output is generated, never committed.
//
//   npx node scripts/gen-claims.ts --rows 1000000 --people 100000 --seed 42 --out claims.csv
//
// Money is drawn as whole fen (integers) and written as a decimal string with 2 places;
// no floating-point value ever becomes an amount. Rows are produced lazily and written in
// chunks with back-pressure, so memory stays flat whatever --rows is.
import { createWriteStream } from "node:fs";
import { once } from "node:events";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

/** The assistance policy's input fields, in schema order (categories.bylaw first). */
export const INPUT_FIELDS = ["身份", "南疆", "就诊类型", "慢特病门诊", "按规定转诊", "自付"] as const;
export const COLUMNS = ["person", "date", ...INPUT_FIELDS] as const;

/** CSV has no lists: a set of identities is written as member names joined by this. */
export const CSV_SET_SEPARATOR = "|";

export type Format = "csv" | "jsonl";

export interface GenOptions {
  rows: number;
  people: number;
  seed: number;
  /** the medical year the dates fall in */
  year: number;
}

export interface ClaimRow {
  person: string;
  date: string;
  身份: string[];
  南疆: boolean;
  就诊类型: "门诊" | "住院";
  慢特病门诊: boolean;
  按规定转诊: boolean;
  /** whole fen */
  自付Fen: number;
}

/** mulberry32: a tiny, fast 32-bit PRNG; the same seed always gives the same sequence. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Rng = () => number;

/** A uniform integer in [lo, hi]. */
function intBetween(rng: Rng, lo: number, hi: number): number {
  return lo + Math.floor(rng() * (hi - lo + 1));
}

/** Picks one entry by weight (weights need not sum to 1). */
function weighted<T>(rng: Rng, choices: readonly (readonly [T, number])[]): T {
  let total = 0;
  for (const [, w] of choices) total += w;
  let x = rng() * total;
  for (const [value, w] of choices) {
    x -= w;
    if (x < 0) return value;
  }
  return choices[choices.length - 1]![0];
}

// Rough shares of recipients by identity: 低保 and 监测 are the large groups, 特困 and 孤儿
// small, 因病致贫重病患者 recognised case by case.
const IDENTITIES = [
  ["特困人员", 6],
  ["孤儿", 1],
  ["低保对象", 35],
  ["返贫致贫人口", 8],
  ["低保边缘家庭成员", 20],
  ["监测对象", 22],
  ["因病致贫重病患者", 8],
] as const;

/** Out-of-pocket tiers in yuan [min, max] with weights, after basic and critical-illness
 *  insurance: many small chronic-outpatient claims, fewer stays with a long tail. */
type Tiers = readonly (readonly [readonly [number, number], number])[];
const OUTPATIENT_YUAN: Tiers = [
  [[20, 300], 70],
  [[300, 1_500], 25],
  [[1_500, 6_000], 5],
];
const INPATIENT_YUAN: Tiers = [
  [[200, 3_000], 40],
  [[3_000, 10_000], 35],
  [[10_000, 30_000], 20],
  [[30_000, 100_000], 4.5],
  [[100_000, 400_000], 0.5],
];
/** Share of claims that are hospital stays. */
const INPATIENT_SHARE = 0.15;

function amountFen(rng: Rng, tiers: Tiers): number {
  const [lo, hi] = weighted(rng, tiers);
  return intBetween(rng, lo * 100, hi * 100);
}

function identitiesOf(rng: Rng): string[] {
  const first = weighted(rng, IDENTITIES);
  // About one person in eight holds a second identity (就高不就低 decides between them).
  if (rng() >= 0.125) return [first];
  const second = weighted(rng, IDENTITIES);
  return second === first ? [first] : [first, second];
}

/** How many claims the next person gets: at least `min` each, exactly `remaining` overall. */
function claimCount(rng: Rng, remaining: number, peopleLeft: number, min: number): number {
  if (peopleLeft === 1) return remaining;
  const mean = remaining / peopleLeft;
  // Skewed: most people claim a few times, some very often (chronic outpatient care).
  const draw = Math.round(-Math.log(1 - rng()) * mean);
  return Math.min(Math.max(draw, min), remaining - min * (peopleLeft - 1));
}

function dateOf(year: number, dayOfYear: number): string {
  return new Date(Date.UTC(year, 0, 1 + dayOfYear)).toISOString().slice(0, 10);
}

function daysIn(year: number): number {
  return (Date.UTC(year + 1, 0, 1) - Date.UTC(year, 0, 1)) / 86_400_000;
}

/** The claims, person by person; lazy, so any number of rows costs the same memory. */
export function* generateClaims(opts: GenOptions): Generator<ClaimRow> {
  const rng = mulberry32(opts.seed);
  const days = daysIn(opts.year);
  const width = String(opts.people).length;
  const min = opts.rows >= opts.people ? 1 : 0;
  let remaining = opts.rows;
  for (let p = 0; p < opts.people; p++) {
    const n = claimCount(rng, remaining, opts.people - p, min);
    remaining -= n;
    const person = "P" + String(p + 1).padStart(width, "0");
    const 身份 = identitiesOf(rng);
    const 南疆 = rng() < 0.3;
    const dayList = Array.from({ length: n }, () => intBetween(rng, 0, days - 1)).sort((a, b) => a - b);
    for (const day of dayList) {
      const 就诊类型 = rng() < INPATIENT_SHARE ? "住院" : "门诊";
      yield {
        person,
        date: dateOf(opts.year, day),
        身份,
        南疆,
        就诊类型,
        慢特病门诊: 就诊类型 === "住院" || rng() < 0.85,
        按规定转诊: rng() < 0.98,
        自付Fen: amountFen(rng, 就诊类型 === "门诊" ? OUTPATIENT_YUAN : INPATIENT_YUAN),
      };
    }
  }
}

/** Whole fen → "1234.05" by integer arithmetic only. */
export function formatFen(fen: number): string {
  return `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, "0")}`;
}

export function csvHeader(): string {
  return COLUMNS.join(",") + "\n";
}

export function formatRow(row: ClaimRow, format: Format): string {
  if (format === "jsonl") {
    return JSON.stringify({
      person: row.person,
      date: row.date,
      身份: row.身份,
      南疆: row.南疆,
      就诊类型: row.就诊类型,
      慢特病门诊: row.慢特病门诊,
      按规定转诊: row.按规定转诊,
      自付: formatFen(row.自付Fen),
    }) + "\n";
  }
  // No field can hold a comma, quote or newline, so no CSV quoting is needed.
  return [
    row.person, row.date, row.身份.join(CSV_SET_SEPARATOR), row.南疆, row.就诊类型,
    row.慢特病门诊, row.按规定转诊, formatFen(row.自付Fen),
  ].join(",") + "\n";
}

export function formatOf(file: string): Format | undefined {
  if (file.endsWith(".csv")) return "csv";
  if (file.endsWith(".jsonl")) return "jsonl";
  return undefined;
}

/**
 * Opening ledgers (JSON Lines, as `bylaw batch --ledgers-in` reads them) for every person of
 * `opts`, as if an earlier system had settled part of their year: drawn from their own PRNG
 * stream, so the claims are the same with or without them. Whole fen, like the claims.
 */
export function* generateLedgers(opts: GenOptions): Generator<string> {
  const rng = mulberry32(opts.seed ^ 0x5bd1e995);
  const width = String(opts.people).length;
  for (let p = 0; p < opts.people; p++) {
    const 累计自付 = intBetween(rng, 0, 3_000_000);
    const 起付已用 = Math.min(累计自付, intBetween(rng, 0, 600_000));
    const 已救助 = intBetween(rng, 0, Math.floor((累计自付 - 起付已用) / 2));
    const person = "P" + String(p + 1).padStart(width, "0");
    const values = { 起付已用: formatFen(起付已用), 已救助: formatFen(已救助), 累计自付: formatFen(累计自付) };
    yield JSON.stringify({ person, year: opts.year, values }) + "\n";
  }
}

/** Writes lines to a file in chunks, waiting for the stream to drain when it asks to. */
async function writeLines(file: string, lines: Iterable<string>): Promise<number> {
  const out = createWriteStream(file, { encoding: "utf8" });
  const failed = new Promise<never>((_, reject) => out.once("error", reject));
  const write = async (chunk: string) => {
    if (!out.write(chunk)) await Promise.race([once(out, "drain"), failed]);
  };
  let count = 0;
  let chunk = "";
  for (const line of lines) {
    chunk += line;
    if (++count % 2000 === 0) {
      await write(chunk);
      chunk = "";
    }
  }
  await write(chunk);
  out.end();
  await Promise.race([once(out, "finish"), failed]);
  return count;
}

/** Writes the claims file, in chunks, waiting for the stream to drain when it asks to. */
export async function writeClaims(file: string, opts: GenOptions): Promise<number> {
  const format = formatOf(file);
  if (!format) throw new Error(`--out must end in .csv or .jsonl: ${file}`);
  function* lines(): Generator<string> {
    if (format === "csv") yield csvHeader();
    for (const row of generateClaims(opts)) yield formatRow(row, format!);
  }
  return (await writeLines(file, lines())) - (format === "csv" ? 1 : 0);
}

/** Writes every person's opening ledger (generateLedgers); returns how many. */
export function writeLedgers(file: string, opts: GenOptions): Promise<number> {
  return writeLines(file, generateLedgers(opts));
}

const USAGE = `usage: npx node scripts/gen-claims.ts [options]

Writes deterministic synthetic claims for policies/000-xpcc/assistance.bylaw.
Columns: ${COLUMNS.join(", ")} (in CSV a set is written a${CSV_SET_SEPARATOR}b).

options:
  --rows <n>     number of claims (default 10000)
  --people <n>   number of people (default 1000)
  --seed <n>     PRNG seed; the same seed gives the same file (default 42)
  --year <yyyy>  medical year of the claim dates (default 2023, the first whole year
                 under the policy, in force from 2022-06-07)
  --out <file>   output file, .csv or .jsonl (default claims.csv)
  --ledgers <file>  also write an opening ledger for every person (JSONL, for
                 bylaw batch --ledgers-in), as if part of their year were settled
  -h, --help     show this help
`;

function wholeNumber(name: string, text: string, min: number): number {
  const n = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(n) || n < min) {
    throw new Error(`--${name} must be a whole number of at least ${min}: ${text}`);
  }
  return n;
}

export async function main(argv: string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        rows: { type: "string", default: "10000" },
        people: { type: "string", default: "1000" },
        seed: { type: "string", default: "42" },
        year: { type: "string", default: "2023" },
        out: { type: "string", default: "claims.csv" },
        ledgers: { type: "string" },
        help: { type: "boolean", short: "h" },
      },
    }));
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  try {
    const opts: GenOptions = {
      rows: wholeNumber("rows", values.rows, 0),
      people: wholeNumber("people", values.people, 1),
      seed: wholeNumber("seed", values.seed, 0),
      year: wholeNumber("year", values.year, 2022),
    };
    const started = performance.now();
    const count = await writeClaims(values.out, opts);
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    process.stderr.write(`wrote ${count} claims for ${opts.people} people to ${values.out} in ${seconds} s\n`);
    if (values.ledgers !== undefined) {
      const ledgers = await writeLedgers(values.ledgers, opts);
      process.stderr.write(`wrote ${ledgers} opening ledgers to ${values.ledgers}\n`);
    }
    return 0;
  } catch (e) {
    process.stderr.write(`gen-claims: ${(e as Error).message}\n`);
    return 2;
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = await main(process.argv.slice(2));
}
