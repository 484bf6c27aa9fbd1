// `bylaw diff <old> <new> [claims]`: what a new version of a policy changes. Without claims,
// symbolically: each result as a piecewise-linear function of the amount (analysis/), and the
// ranges where the two versions' formulas differ, per combination of the other inputs. With
// claims, for the people in the file. Every row is settled under both versions, each carrying each person's ledger
// in row order, with `bylaw batch`'s readers, strictness and worker pool (each worker settles
// both versions for its people and sends back its part of the diff). The report: exact totals
// under each version, how many people gain, lose or are unchanged (overall and by category),
// the largest gains and losses with their claims, and a histogram of the change.
//
// Exit status: 0 every row settled under both versions; 3 some rows are error rows under
// either; 1 the run failed (the versions cannot read the same claims, a bad file).
import type { Lang } from "../../compiler/index.ts";
import { createPairBatch, type DiffPart } from "../../analysis/diff/population.ts";
import { mergeParts, type DiffReport } from "../../analysis/diff/report.ts";
import { symbolicDiff, type SymbolicDiff } from "../../analysis/diff/symbolic.ts";
import { compareInputs, planDiff, type DiffPlan } from "../../analysis/diff/versions.ts";
import { BylawError, renderRuntimeError, type RuleSet } from "../../runtime/index.ts";
import { type Encoding } from "../batch-decode.ts";
import { formatOf, ledgerFields } from "../batch-format.ts";
import { LedgerFileError, type LedgerRun } from "../batch-ledgers.ts";
import { Link, routeClaims, workerModule, type RouteRun } from "../batch-workers.ts";
import type { DiffToMain, DiffToWorker } from "../diff-protocol.ts";
import { claimsAt } from "../diff-claims.ts";
import { diffText, symbolicText } from "../diff-text.ts";
import { CliError, loadPolicyOrArtifact } from "../load-policy.ts";
import { createProgress } from "../progress.ts";
import { checkInputFile, failure, POOL_MIN_BYTES, settleHere, workerCount } from "./batch.ts";

export interface DiffCliOptions {
  lang: Lang;
  format: "text" | "json";
  /** the Money output gain and loss are judged by (default: the patient's share of the one pipeline, else the first Money output) */
  gain?: string;
  /** how many of the largest gains and losses to list */
  top?: number;
  /** without claims: the amount input the results are functions of (default: the main amount) */
  over?: string;
  progress: boolean;
  workers?: number;
  root?: string;
  trust?: string[];
  encoding?: Encoding;
  ledgersIn?: string;
}

export const DIFF_HELP = `
Without a claims file: every Money result both versions have, as an exact piecewise-linear
function of one amount (--over; default: the main amount, as \`bylaw analyze\` picks it), from an
empty ledger, for every combination of the other inputs: the open ranges of the amount where the
formulas differ, each with the old and new formula and the change (new − old, before rounding to
the fen), and any whole-fen breakpoint where only the figure at that amount differs. Combinations
with the same difference are listed together. Each version is read on its effective date, and
again, both on that date, on every later date a dated param of either takes a new value: what
changes from then on is listed under that date.

With a claims file: both versions settle every row, each carrying each person's ledger from row
to row (and from --ledgers-in), exactly as \`bylaw batch\` would; the file is read as batch reads
it (the same columns, strictness and error codes). Each version is given only its own inputs, so
a column for an input only the new version has is simply not shown to the old one.

Gain and loss are per person, summed over the rows both versions settle, and judged by one Money
output (--gain): a payment (救助金, 大病保险) is a gain when it rises; a pipeline's final share
(个人负担, what the patient pays after every fund) is a gain when it falls. The default is the
final share when the old version has one pipeline (what a person pays is what matters to them;
money moving between funds is not a gain or a loss to the patient), else the old version's first
Money output (the payment the policy exists for). Unchanged means equal to the fen.

Opening ledgers (--ledgers-in, as for batch) are what people hold so far: both versions start
from them, and a line stamped with a policy must name the old version's id (BR2115).

By category: for every enum or Bool input both versions share, people are counted under each
value their claims carry, with the change on those claims only.

The two versions must read the same claims: an input both have must have the same type (BR1050),
and an input one requires must be an input of the other (BR1051, BR1052); --gain must name a
Money output of both (BR1053).

--format json, with claims: {old, new, measure, people, gainers, losers, unchanged, change, rows,
errors, totals, categories, largest: {gains, losses}, histogram}; without: {old, new, over,
changed: [{output, over, inputs, regions, points}], unchanged, onlyOld, onlyNew}. Amounts are
exact decimal strings.

Exit status: 0 every row settled under both versions (or, without claims, the comparison is
done); 3 some rows are error rows under either (counted by code; \`bylaw batch\` lists them);
1 the run failed.
`;

const DEFAULT_TOP = 10;

function loadError(e: unknown, lang: Lang): unknown {
  return e instanceof BylawError ? new CliError(`${e.code}: ${renderRuntimeError(e, lang)}`) : e;
}

/** Settles the file on a pool of `workers`, each holding both versions for its people. */
async function onPool(workers: number, run: RouteRun, setup: DiffToWorker & { type: "setup" }): Promise<DiffPart[]> {
  const module = workerModule("diff-worker");
  const links = Array.from({ length: workers }, () => new Link<DiffToWorker, DiffToMain>(module));
  try {
    for (const l of links) l.send(setup);
    let rows = 0;
    await routeClaims(links, run, async (replies, bytes) => {
      for (const r of replies) if (r.type === "rows") rows += r.count;
      run.progress.update(rows, run.size > 0 ? Math.min(1, bytes / run.size) : undefined);
    });
    const parts = await Promise.all(links.map((l) => l.ask({ type: "end" })));
    return parts.map((p) => (p as DiffToMain & { type: "part" }).part);
  } finally {
    await Promise.all(links.map((l) => l.stop()));
  }
}

/** Settles the file on this thread. */
async function here(old: RuleSet, next: RuleSet, plan: DiffPlan, top: number, run: RouteRun): Promise<DiffPart[]> {
  const pair = createPairBatch(old, next, plan, top);
  await settleHere(pair.batch, run.claims, run.size, run.inFormat, run.encoding, async () => {}, run.progress, run.ledgers);
  return [pair.part()];
}

/** Without claims: where the two versions' formulas differ, per result and inputs. */
async function symbolic(oldFile: string, newFile: string, opts: DiffCliOptions): Promise<number> {
  const old = await loadPolicyOrArtifact(oldFile, opts);
  const next = await loadPolicyOrArtifact(newFile, opts);
  const isAmount = (rs: RuleSet) => rs.artifact.schema.fields.some((f) => f.name === opts.over && f.type === "Money");
  if (opts.over !== undefined && !(isAmount(old) && isAmount(next))) {
    throw new CliError(`--over ${opts.over}: ${opts.lang === "zh" ? "不是两版共有的金额输入" : "not a Money input of both versions"}`);
  }
  let d: SymbolicDiff;
  try {
    compareInputs(old, next);
    d = symbolicDiff(old.artifact, next.artifact, opts.over);
  } catch (e) {
    throw loadError(e, opts.lang);
  }
  process.stdout.write(opts.format === "json"
    ? JSON.stringify({ old: old.meta, new: next.meta, ...d }, null, 2) + "\n"
    : symbolicText(d, { old: old.meta, new: next.meta }, { old: oldFile, new: newFile }, opts.lang));
  return 0;
}

export async function diffCommand(oldFile: string, newFile: string, claims: string | undefined, opts: DiffCliOptions): Promise<number> {
  if (claims === undefined) return symbolic(oldFile, newFile, opts);
  const zh = opts.lang === "zh";
  const inFormat = formatOf(claims);
  if (!inFormat) throw new CliError(zh ? `${claims}: 仅支持 .csv 或 .jsonl 文件` : `${claims}: claims must be a .csv or .jsonl file`);
  const top = opts.top ?? DEFAULT_TOP;
  if (!Number.isInteger(top) || top < 0) throw new CliError(zh ? `--top 须为非负整数` : `--top must be a whole number ≥ 0`);
  const workers = workerCount(opts.workers, opts.lang);
  const size = checkInputFile(claims, opts.lang);
  if (opts.ledgersIn !== undefined) checkInputFile(opts.ledgersIn, opts.lang);
  const old = await loadPolicyOrArtifact(oldFile, opts);
  const next = await loadPolicyOrArtifact(newFile, opts);
  let plan: DiffPlan;
  try {
    plan = planDiff(old, next, opts.gain);
  } catch (e) {
    throw loadError(e, opts.lang);
  }
  // opening ledgers are what people hold so far: stamped, if at all, by the old version
  const ledgers: LedgerRun | undefined =
    opts.ledgersIn === undefined ? undefined : { in: opts.ledgersIn, out: undefined, writer: undefined, meta: old.meta, fields: ledgerFields(old, next), opened: 0, closed: 0 };
  const progress = createProgress(zh ? "比较" : "comparing", opts.progress);
  const run: RouteRun = { claims, size, inFormat, encoding: opts.encoding ?? "utf-8", progress, ledgers };
  let report: DiffReport;
  try {
    const parts = workers > 1 && size > POOL_MIN_BYTES
      ? await onPool(workers, run, { type: "setup", setup: { old: old.artifact, new: next.artifact, plan, top, inFormat } })
      : await here(old, next, plan, top, run);
    report = mergeParts(parts, { old: old.meta, new: next.meta }, plan, top);
    const claimsOf = [...report.largest.gains, ...report.largest.losses].flatMap((p) => p.claims);
    const inputs = await claimsAt(claims, inFormat, run.encoding, new Set(claimsOf.map((c) => c.line)));
    for (const c of claimsOf) c.input = inputs.get(c.line);
  } catch (e) {
    if (e instanceof LedgerFileError) throw new CliError(`${opts.ledgersIn}: ${e.error.code}: ${renderRuntimeError(e.error, opts.lang)}`);
    throw failure(e, claims, opts.lang);
  } finally {
    progress.finish();
  }
  process.stdout.write(opts.format === "json" ? JSON.stringify(report, null, 2) + "\n" : diffText(report, { old: oldFile, new: newFile }, opts.lang));
  const { onlyOld, onlyNew, neither } = report.rows;
  return onlyOld + onlyNew + neither > 0 ? 3 : 0;
}
