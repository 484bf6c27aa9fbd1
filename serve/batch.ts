// POST /v1/policies/{id}/batch: claims as NDJSON, one settle body `{person, claim, date,
// input}` a line, answered as NDJSON, one result a line, in order, each written as soon as its
// claim is settled (each claim atomic, as /settle settles it). On a store that settles in call
// order (SQLite) up to AHEAD claims are started before the first of them is answered, so they
// share the store's group commits instead of waiting a commit each; elsewhere (PostgreSQL,
// where claims started together would race for their people's locks) one at a time.
//
// Every line is read and checked before the first claim is settled: the shape, the date and
// the input of each (evaluated on no ledger), and each claim id against the ones before it
// and the ones recorded. A batch with any error is a 400 listing every error with its line,
// and nothing of it is written. Past that, a line can still fail only on what depends on the
// ledger it meets; it is answered on its own line and the rest go on.
import { once } from "node:events";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { InputError, RuleBook } from "../runtime/index.ts";
import { inputError } from "../runtime/errors.ts";
import { readClaim, type ReadClaim } from "./claim.ts";
import { STRICT_UTF8, conflict, readBody, settleRead, storeOf, withMessages, type Reply, type Service } from "./server.ts";

/** Claims of a batch settled ahead of the one being answered, where the store keeps their order. */
const AHEAD = 64;

/** The largest batch read, in bytes (some hundred thousand claims). */
export const MAX_BATCH_BODY = 64 << 20;

type LineError = InputError & { line: number };

interface Read {
  claims: { line: number; read: ReadClaim }[];
  errors: LineError[];
}

/** Reads the body line by line as it arrives and checks each line on its own. */
async function readLines(book: RuleBook, req: IncomingMessage): Promise<Read> {
  const out: Read = { claims: [], errors: [] };
  let pending: Buffer = Buffer.alloc(0);
  let line = 0;
  const take = (bytes: Buffer) => {
    line++;
    const at = <E extends InputError>(e: E) => out.errors.push({ ...e, line });
    let text: string;
    try {
      text = STRICT_UTF8.decode(bytes);
    } catch {
      // a person's name decoded lossily would make two people one (GBK 张三 and 李四 alike)
      return at(inputError("BR2000", "", { line, detail: "bytes that are not UTF-8" }));
    }
    if (text.trim() === "") return;
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch (e) {
      return at(inputError("BR2000", "", { line, detail: (e as Error).message }));
    }
    if (typeof body !== "object" || body === null || Array.isArray(body)) return at(inputError("BR2000", "", { line, detail: "not a JSON object {person, claim, date, input}" }));
    const r = readClaim(book, body as Record<string, unknown>);
    if (!r.ok) return r.errors.forEach(at);
    // the input's own errors, found on no ledger
    const dry = r.read.ruleSet.evaluate(r.read.claim.input, undefined, { date: r.read.claim.date });
    if (!dry.ok) return dry.errors.forEach(at);
    out.claims.push({ line, read: r.read });
  };
  await readBody(req, MAX_BATCH_BODY, (chunk) => {
    let data = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
    for (let nl = data.indexOf(10); nl >= 0; nl = data.indexOf(10)) {
      take(data.subarray(0, nl));
      data = data.subarray(nl + 1);
    }
    pending = data;
  });
  take(pending);
  return out;
}

/** A claim id given twice for different claims, or recorded before for another. */
async function conflicts(service: Service, claims: Read["claims"]): Promise<LineError[]> {
  const seen = new Map<string, string>();
  const errors: LineError[] = [];
  for (const { line, read } of claims) {
    const key = read.claim.claim;
    const before = seen.get(key) ?? (await storeOf(service).recorded(read.ruleSet.meta.id, key));
    if (before !== undefined && before !== read.fingerprint) errors.push({ ...conflict(key), line });
    if (before === undefined) seen.set(key, read.fingerprint);
  }
  return errors;
}

export async function batchRoute(service: Service, book: RuleBook, req: IncomingMessage, res: ServerResponse): Promise<Reply | undefined> {
  const { claims, errors } = await readLines(book, req);
  errors.push(...(await conflicts(service, claims)));
  if (errors.length > 0) return { status: 400, body: { ok: false, errors: withMessages(errors.sort((a, b) => a.line - b.line)) } };
  res.writeHead(200, { "content-type": "application/x-ndjson; charset=utf-8" });
  const ahead = storeOf(service).settlesInCallOrder ? AHEAD : 1;
  const started: Promise<Reply>[] = [];
  let next = 0;
  for (const { line, read } of claims) {
    while (next < claims.length && started.length < ahead) {
      const reply = settleRead(service, claims[next++]!.read);
      // one failing after the batch stopped is not left unhandled
      reply.catch(() => {});
      started.push(reply);
    }
    const reply = await started.shift()!;
    const body = reply.body as Record<string, unknown>;
    const text = JSON.stringify({ line, claim: read.claim.claim, ...(reply.status === 200 ? {} : { status: reply.status }), ...body }) + "\n";
    // a client gone stops the batch between claims; each settled one is whole and retried as such
    if (!res.write(text)) await drainedOrClosed(res);
    if (res.destroyed) return undefined;
  }
  res.end();
  return undefined;
}

/** Waits until `res` can take more or is gone, leaving no listener behind. */
async function drainedOrClosed(res: ServerResponse): Promise<void> {
  const stop = new AbortController();
  try {
    await Promise.race([once(res, "drain", { signal: stop.signal }), once(res, "close", { signal: stop.signal })]);
  } finally {
    stop.abort();
  }
}
