// `bylaw serve`: the rule books of a catalog behind a small JSON API on node:http (one route
// table, no framework: a handful of routes do not need one), listening on 127.0.0.1 by default.
//   GET  /healthz                            → {"status": "ok"}
//   GET  /openapi.json                       → OpenAPI 3.1, with each policy's JSON Schemas (openapi.ts)
//   GET  /v1/policies                        → every policy id with its versions
//   POST /v1/policies/{id}/evaluate          {input, ledger?, date, explain?} → the runtime's result (stateless)
//   POST /v1/policies/{id}/settle            {person, claim, date, input} → the result, on the ledger the server keeps
//   POST /v1/policies/{id}/batch             NDJSON of settle bodies → NDJSON of results, streamed (batch.ts)
//   GET  /v1/policies/{id}/ledgers/{person}?year=Y → the person's ledger of that year
// Bad input is a 400 with every error (code, field, arguments, English and Chinese message)
// and nothing written; a claim id used before for another claim a 409 (BR2121); an unknown
// policy or route a 404; a body over its limit a 413; a body that is not JSON a 400.
// The catalog is read once per request from the service, so a reload (reload.ts) swaps it
// between requests and never under one.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { renderRuntimeError, type InputError, type Ledger, type RuleBook } from "../runtime/index.ts";
import { inputError } from "../runtime/errors.ts";
import { batchRoute } from "./batch.ts";
import type { Catalog } from "./catalog.ts";
import { readClaim, type ReadClaim } from "./claim.ts";
import { decisionRecord, type DecisionLog } from "./decision-log.ts";
import { openApi } from "./openapi.ts";
import type { Store } from "./store/store.ts";

/** The largest request body read, in bytes: a claim with its ledger is a few kilobytes. */
export const MAX_BODY = 1 << 20;

export interface Service {
  /** replaced whole by a reload */
  catalog: Catalog;
  /** undefined: only the stateless routes serve; the others answer 503 with `noStore` */
  store?: Store;
  noStore?: string;
  log?: DecisionLog;
  /** listening on a loopback address only: a request must name a loopback host, so a web
   *  page whose domain is rebound to 127.0.0.1 cannot read ledgers (DNS rebinding) */
  loopback?: boolean;
}

/** The service's store, or a 503 saying why it has none. */
export function storeOf(service: Service): Store {
  if (service.store === undefined) throw new HttpError(503, service.noStore ?? "no store to keep ledgers in");
  return service.store;
}

export class HttpError extends Error {
  readonly status: number;
  constructor(status: number, message: string) {
    super(message);
    this.status = status;
  }
}

export interface Reply {
  status: number;
  body: unknown;
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", "content-length": Buffer.byteLength(text) });
  res.end(text);
}

const tooLarge = (max: number) => new HttpError(413, `the body is over ${max} bytes`);

/** Each chunk of the request body to `take`, refused past `max` bytes without reading the
 *  rest. Events rather than async iteration: on the evaluate path, every microsecond shows. */
export function readBody(req: IncomingMessage, max: number, take: (chunk: Buffer) => void): Promise<void> {
  return new Promise((done, fail) => {
    if (Number(req.headers["content-length"] ?? 0) > max) return fail(tooLarge(max));
    let size = 0;
    const data = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= max) return take(chunk);
      req.off("data", data);
      fail(tooLarge(max));
    };
    req.on("data", data).once("end", done).once("error", fail);
  });
}

/** UTF-8 text, or a 400: a name decoded with U+FFFD for its bytes (GBK 张三 and 李四 alike) would
 *  make two people one, with one ledger. */
function utf8(bytes: Uint8Array, what: string): string {
  try {
    return STRICT_UTF8.decode(bytes);
  } catch {
    throw new HttpError(400, `${what} is not UTF-8 text (send JSON encoded as UTF-8)`);
  }
}
export const STRICT_UTF8 = new TextDecoder("utf-8", { fatal: true });

/** The request body as a JSON object. */
async function jsonObject(req: IncomingMessage, shape: string): Promise<Record<string, unknown>> {
  const parts: Buffer[] = [];
  await readBody(req, MAX_BODY, (chunk) => parts.push(chunk));
  let body: unknown;
  const text = utf8(parts.length === 1 ? parts[0]! : Buffer.concat(parts), "the body");
  try {
    body = JSON.parse(text);
  } catch (e) {
    throw new HttpError(400, `the body is not JSON: ${(e as Error).message}`);
  }
  if (typeof body !== "object" || body === null || Array.isArray(body)) throw new HttpError(400, `the body must be a JSON object ${shape}`);
  return body as Record<string, unknown>;
}

export const withMessages = <E extends InputError>(errors: readonly E[]) =>
  errors.map((e) => ({ ...e, message: renderRuntimeError(e, "en"), messageZh: renderRuntimeError(e, "zh") }));

const refusal = (status: number, errors: readonly InputError[]): Reply => ({ status, body: { ok: false, errors: withMessages(errors) } });

function evaluate(service: Service, book: RuleBook, body: Record<string, unknown>): Reply {
  const { input, ledger, date, explain, ...rest } = body;
  const unknown = Object.keys(rest);
  if (unknown.length > 0) throw new HttpError(400, `unknown field ${JSON.stringify(unknown[0])}: the body holds input, ledger, date and explain`);
  if (explain !== undefined && typeof explain !== "boolean") throw new HttpError(400, "`explain` must be true or false");
  const r = book.evaluate(input, ledger as never, { date: date as string | undefined, trace: explain === true });
  if (!r.ok) return refusal(400, r.errors);
  // a good result needed a date in force
  service.log?.write(decisionRecord(book.find(date as string)!, { input, ledger: ledger as never, date: date as string }, r));
  return { status: 200, body: r };
}

/** Settles one claim on the ledgers the store keeps. */
function settle(service: Service, book: RuleBook, body: Record<string, unknown>): Promise<Reply> | Reply {
  const read = readClaim(book, body);
  return read.ok ? settleRead(service, read.read) : refusal(400, read.errors);
}

/** Settles a claim already read; also each line of a batch. */
export async function settleRead(service: Service, read: ReadClaim): Promise<Reply> {
  const { claim, ruleSet, ledgerFields, year, fingerprint } = read;
  let opened: Ledger | undefined;
  const outcome = await storeOf(service).settle({
    policy: ruleSet.meta.id, claim, year, fingerprint,
    // the store holds ledgers this server wrote: a field a reloaded version dropped is kept, not a misspelling
    evaluate: (ledger) => ruleSet.evaluate(claim.input, (opened = ledger), { date: claim.date, ledgerFields: new Set([...ledgerFields, ...Object.keys(ledger?.values ?? {})]) }),
  });
  switch (outcome.kind) {
    case "settled":
      service.log?.write(decisionRecord(ruleSet, { ...claim, ledger: opened }, outcome.result));
      return { status: 200, body: outcome.result };
    case "replayed":
      return { status: 200, body: outcome.result };
    case "conflict":
      return refusal(409, [conflict(claim.claim)]);
    case "refused":
      return refusal(400, outcome.result.errors);
  }
}

/** BR2121: the claim id was used before for another claim. */
export const conflict = (claim: string): InputError => inputError("BR2121", "claim", { claim: JSON.stringify(claim) });

async function ledger(service: Service, id: string, person: string, query: URLSearchParams): Promise<Reply> {
  const year = Number(query.get("year"));
  if (!Number.isInteger(year) || year < 1 || year > 9999) throw new HttpError(400, "?year= must be a year from 1 to 9999");
  const found = await storeOf(service).ledger(id, person, year);
  if (found === undefined) throw new HttpError(404, `${JSON.stringify(person)} has no ledger of ${year} under ${JSON.stringify(id)}`);
  return { status: 200, body: { person, ...found } };
}

function policies(catalog: Catalog): Reply {
  const list = [...catalog.books].map(([id, book]) => ({
    id,
    versions: book.ruleSets.map((rs) => ({ title: rs.meta.title, effective: rs.meta.effective, ...(rs.meta.ends ? { ends: rs.meta.ends } : {}), integrity: rs.artifact.integrity })),
  }));
  return { status: 200, body: { policies: list } };
}

/** A path segment, %-decoded; a malformed escape is the client's error. */
function segment(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    throw new HttpError(400, `${JSON.stringify(text)} is not a valid path segment`);
  }
}

function method(req: IncomingMessage, expected: "GET" | "POST"): void {
  if (req.method !== expected) throw new HttpError(405, `use ${expected}`);
}

/**
 * Requests a web page could make are refused: a POST must say its body is JSON (a page can
 * send text/plain or a form without asking, not JSON), a request from a page of another
 * origin is refused, and on loopback the Host must be a loopback name (DNS rebinding).
 */
const local = (host: string) => /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])(:\d+)?$/i.test(host);

function refuseForeign(service: Service, req: IncomingMessage): void {
  const host = req.headers.host ?? "";
  if (service.loopback === true && !local(host)) {
    throw new HttpError(403, `Host ${JSON.stringify(host)} is not this machine's: the server listens on loopback only`);
  }
  const origin = req.headers.origin;
  const from = origin?.replace(/^https?:\/\//i, "");
  // a page of this server's own (as localhost or 127.0.0.1 alike) may ask; another may not
  if (from !== undefined && from !== host && !(local(from) && local(host) && from.split(":").at(-1) === host.split(":").at(-1))) {
    throw new HttpError(403, `requests from pages of ${JSON.stringify(origin)} are refused`);
  }
  const type = (req.headers["content-type"] ?? "").split(";")[0]!.trim().toLowerCase();
  if (req.method === "POST" && !/^application\/([\w.+-]*\+)?(json|x-ndjson)$/.test(type)) {
    throw new HttpError(415, "send the body with Content-Type: application/json (application/x-ndjson for a batch)");
  }
}

/** Answers a request, or writes the answer itself (a streamed batch) and answers undefined. */
async function route(service: Service, req: IncomingMessage, res: ServerResponse): Promise<Reply | undefined> {
  const target = req.url ?? "/";
  const q = target.indexOf("?");
  const path = q < 0 ? target : target.slice(0, q);
  const catalog = service.catalog;
  refuseForeign(service, req);
  if (path === "/healthz") return { status: 200, body: { status: "ok" } };
  if (path === "/openapi.json") return { status: 200, body: openApi(catalog) };
  if (path === "/v1/policies") {
    method(req, "GET");
    return policies(catalog);
  }
  const m = /^\/v1\/policies\/([^/]+)\/(evaluate|settle|batch|ledgers\/([^/]+))$/.exec(path);
  if (m === null) throw new HttpError(404, `no route ${path}`);
  const id = segment(m[1]!);
  if (m[2] !== "evaluate") storeOf(service);
  if (m[3] !== undefined) {
    method(req, "GET");
    return ledger(service, id, segment(m[3]), new URLSearchParams(q < 0 ? "" : target.slice(q + 1)));
  }
  method(req, "POST");
  const book = catalog.books.get(id);
  if (book === undefined) throw new HttpError(404, `no policy ${JSON.stringify(id)}`);
  switch (m[2]) {
    case "evaluate":
      return evaluate(service, book, await jsonObject(req, "{input, ledger?, date, explain?}"));
    case "settle":
      return settle(service, book, await jsonObject(req, "{person, claim, date, input}"));
    default:
      return batchRoute(service, book, req, res);
  }
}

export interface BylawServer extends Server {
  /** Stops taking connections and answers when every request in flight has been answered. */
  drain(): Promise<void>;
}

export function createBylawServer(service: Service): BylawServer {
  const inFlight = new Set<ServerResponse>();
  let draining = false;
  const server = createServer((req, res) => {
    inFlight.add(res);
    if (draining) res.setHeader("connection", "close");
    res.once("close", () => {
      inFlight.delete(res);
      // its connection, idle now, is not kept open for another request
      if (draining) setImmediate(() => server.closeIdleConnections());
    });
    route(service, req, res).then(
      (reply) => reply && send(res, reply.status, reply.body),
      (e: unknown) => {
        // a body refused half-read: the rest of it is not waited for
        if (e instanceof HttpError && e.status === 413) res.setHeader("connection", "close");
        if (res.headersSent) res.destroy(); // a streamed answer cut short: the client sees it cut
        else if (e instanceof HttpError) send(res, e.status, { error: e.message });
        else {
          process.stderr.write(`bylaw serve: ${(e as Error).stack ?? String(e)}\n`);
          send(res, 500, { error: "internal error" });
        }
      },
    );
  }) as BylawServer;
  server.drain = () => new Promise<void>((done) => {
    draining = true;
    for (const res of inFlight) if (!res.headersSent) res.setHeader("connection", "close");
    server.close(() => done());
    server.closeIdleConnections();
  });
  return server;
}
