// `bylaw serve`: the rule books of a catalog behind a small JSON API on node:http (one route
// table, no framework: four routes do not need one), listening on 127.0.0.1 by default.
//   GET  /healthz                        → {"status": "ok"}
//   GET  /openapi.json                   → OpenAPI 3.1, with each policy's JSON Schemas (openapi.ts)
//   GET  /v1/policies                    → every policy id with its versions
//   POST /v1/policies/{id}/evaluate      {input, ledger?, date, explain?} → the runtime's result
// Stateless: the caller holds the ledger. Bad input is a 400 with every error (code, field,
// arguments, English and Chinese message); an unknown policy or route a 404; a body over
// MAX_BODY a 413; a body that is not JSON a 400.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { renderRuntimeError, type InputError, type RuleBook } from "../runtime/index.ts";
import type { Catalog } from "./catalog.ts";
import { openApi } from "./openapi.ts";

/** The largest request body read, in bytes: a claim with its ledger is a few kilobytes. */
export const MAX_BODY = 1 << 20;

class HttpError extends Error {
  readonly status: number;
  constructor(status: number, message: string) {
    super(message);
    this.status = status;
  }
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", "content-length": Buffer.byteLength(text) });
  res.end(text);
}

/** The request body as JSON, refused past MAX_BODY without reading the rest. */
async function jsonBody(req: IncomingMessage): Promise<unknown> {
  const declared = Number(req.headers["content-length"] ?? 0);
  if (declared > MAX_BODY) throw new HttpError(413, `the body is over ${MAX_BODY} bytes`);
  const parts: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw new HttpError(413, `the body is over ${MAX_BODY} bytes`);
    parts.push(chunk as Buffer);
  }
  try {
    return JSON.parse(Buffer.concat(parts).toString("utf8"));
  } catch (e) {
    throw new HttpError(400, `the body is not JSON: ${(e as Error).message}`);
  }
}

const withMessages = (errors: readonly InputError[]) =>
  errors.map((e) => ({ ...e, message: renderRuntimeError(e, "en"), messageZh: renderRuntimeError(e, "zh") }));

function evaluate(book: RuleBook, body: unknown): { status: number; body: unknown } {
  if (typeof body !== "object" || body === null || Array.isArray(body)) throw new HttpError(400, "the body must be a JSON object {input, ledger?, date, explain?}");
  const { input, ledger, date, explain, ...rest } = body as Record<string, unknown>;
  const unknown = Object.keys(rest);
  if (unknown.length > 0) throw new HttpError(400, `unknown field ${JSON.stringify(unknown[0])}: the body holds input, ledger, date and explain`);
  if (explain !== undefined && typeof explain !== "boolean") throw new HttpError(400, "`explain` must be true or false");
  const r = book.evaluate(input, ledger as never, { date: date as string | undefined, trace: explain === true });
  return r.ok ? { status: 200, body: r } : { status: 400, body: { ok: false, errors: withMessages(r.errors) } };
}

async function route(catalog: Catalog, req: IncomingMessage): Promise<{ status: number; body: unknown }> {
  const path = new URL(req.url ?? "/", "http://localhost").pathname;
  if (path === "/healthz") return { status: 200, body: { status: "ok" } };
  if (path === "/openapi.json") return { status: 200, body: openApi(catalog) };
  if (path === "/v1/policies") {
    if (req.method !== "GET") throw new HttpError(405, "use GET");
    const policies = [...catalog.books].map(([id, book]) => ({
      id,
      versions: book.ruleSets.map((rs) => ({ title: rs.meta.title, effective: rs.meta.effective, ...(rs.meta.ends ? { ends: rs.meta.ends } : {}), integrity: rs.artifact.integrity })),
    }));
    return { status: 200, body: { policies } };
  }
  const m = /^\/v1\/policies\/([^/]+)\/evaluate$/.exec(path);
  if (m) {
    if (req.method !== "POST") throw new HttpError(405, "use POST");
    const id = decodeURIComponent(m[1]!);
    const book = catalog.books.get(id);
    if (book === undefined) throw new HttpError(404, `no policy ${JSON.stringify(id)}`);
    return evaluate(book, await jsonBody(req));
  }
  throw new HttpError(404, `no route ${path}`);
}

export function createBylawServer(catalog: Catalog): Server {
  return createServer((req, res) => {
    route(catalog, req).then(
      ({ status, body }) => send(res, status, body),
      (e: unknown) => {
        // a body refused half-read: the rest of it is not waited for
        if (e instanceof HttpError && e.status === 413) res.setHeader("connection", "close");
        if (e instanceof HttpError) send(res, e.status, { error: e.message });
        else send(res, 500, { error: "internal error" });
      },
    );
  });
}
