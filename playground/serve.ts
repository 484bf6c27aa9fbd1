// Builds the playground (Vite's JS API) when asked or when the build is missing or older than
// its sources (playground/, policies/, grammar/, compiler/, runtime/), compresses it (gzip and
// brotli copies next to each asset, made once at build time), and serves playground/dist with
// a tiny static server on the loopback interface: the compressed copy the browser accepts,
// hashed assets cached for good. Used by the CLI (`bylaw playground`, `npm start`) and by the
// browser tests.
import { createServer, type IncomingMessage, type Server } from "node:http";
import { existsSync, readdirSync, statSync } from "node:fs";
import { readFile, stat, writeFile } from "node:fs/promises";
import { extname, join, normalize, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { brotliCompress, constants as zlib, gzip } from "node:zlib";

export const PLAYGROUND_DIR = fileURLToPath(new URL(".", import.meta.url));
export const DIST_DIR = join(PLAYGROUND_DIR, "dist");

export interface PlaygroundOptions {
  /** first port to try (default 5173); the next free one is used when it is taken */
  port?: number;
  /** default 127.0.0.1 */
  host?: string;
  /** rebuild even when dist/ is up to date (it is rebuilt anyway when missing or stale) */
  build?: boolean;
  /** told when a build starts and ends (a build takes a while on a fresh clone) */
  onBuild?: (phase: "start" | "done", ms: number) => void;
}

export interface RunningPlayground {
  url: string;
  close(): Promise<void>;
}

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".svg": "image/svg+xml",
  ".ttf": "font/ttf",
  ".woff": "font/woff",
  ".woff2": "font/woff2",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".map": "application/json; charset=utf-8",
  ".txt": "text/plain; charset=utf-8",
};

/** What the bundle is made of: a change in any of these makes dist/ stale. */
const INPUTS = [
  "playground/src", "playground/index.html", "playground/vite.config.ts", "playground/serve.ts",
  "policies", "grammar", "compiler", "runtime",
];

function newestMtime(path: string): number {
  let stats;
  try {
    stats = statSync(path);
  } catch {
    return 0;
  }
  if (!stats.isDirectory()) return stats.mtimeMs;
  let newest = stats.mtimeMs; // a deleted file shows as a newer directory
  for (const entry of readdirSync(path)) {
    if (entry === "node_modules" || entry === "dist" || entry.startsWith(".")) continue;
    newest = Math.max(newest, newestMtime(join(path, entry)));
  }
  return newest;
}

/** True when dist/ is missing or older than any source that goes into it. */
export function isStale(): boolean {
  const index = join(DIST_DIR, "index.html");
  if (!existsSync(index)) return true;
  const built = statSync(index).mtimeMs;
  const repo = join(PLAYGROUND_DIR, "..");
  return INPUTS.some((p) => newestMtime(join(repo, p)) > built);
}

/** Builds playground/dist with Vite, then writes its compressed copies. */
export async function buildPlayground(): Promise<void> {
  const { build } = await import("vite");
  await build({ configFile: join(PLAYGROUND_DIR, "vite.config.ts"), logLevel: "warn" });
  await compressDist(DIST_DIR);
}

/** Content encodings served, best first, with the suffix of their precompressed copies. */
export const ENCODINGS = [
  { name: "br", suffix: ".br" },
  { name: "gzip", suffix: ".gz" },
] as const;
const COMPRESSIBLE = new Set([".html", ".js", ".mjs", ".css", ".json", ".svg", ".ttf", ".map", ".txt"]);
const brotli = promisify(brotliCompress);
const gzipped = promisify(gzip);

/** Writes `file.br` and `file.gz` beside every compressible file of `dist` worth compressing. */
export async function compressDist(dist: string): Promise<void> {
  const files = (readdirSync(dist, { recursive: true }) as string[])
    .map((f) => join(dist, f))
    .filter((f) => COMPRESSIBLE.has(extname(f)) && statSync(f).isFile() && statSync(f).size > 1024);
  await Promise.all(files.map(async (file) => {
    const body = await readFile(file);
    await writeFile(`${file}.br`, await brotli(body, {
      params: { [zlib.BROTLI_PARAM_QUALITY]: 11, [zlib.BROTLI_PARAM_SIZE_HINT]: body.length },
    }));
    await writeFile(`${file}.gz`, await gzipped(body, { level: 9 }));
  }));
}

/** The best encoding the request accepts (`q=0` refuses one) of those `file` has a copy in. */
export function pickEncoding(acceptEncoding: string | undefined, file: string): (typeof ENCODINGS)[number] | undefined {
  const accepted = new Set((acceptEncoding ?? "").split(",").flatMap((part) => {
    const [name, ...params] = part.trim().toLowerCase().split(";");
    return params.some((p) => /^\s*q=0(\.0*)?\s*$/.test(p)) ? [] : [name!.trim()];
  }));
  return ENCODINGS.find((e) => accepted.has(e.name) && existsSync(file + e.suffix));
}

/** Vite names built assets by their content's hash: such a file never changes. */
const isHashed = (file: string) => /[\\/]assets[\\/][^\\/]+-[\w-]{8}\.\w+$/.test(file);

/** The file under `dist` a URL path names, or undefined when it would leave `dist`. */
export function resolveStatic(dist: string, urlPath: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath.split("?")[0]!.split("#")[0]!);
  } catch {
    return undefined;
  }
  if (decoded.includes("\0")) return undefined;
  const file = normalize(join(dist, decoded.endsWith("/") ? `${decoded}index.html` : decoded));
  return file === dist || file.startsWith(dist.endsWith(sep) ? dist : dist + sep) ? file : undefined;
}

function staticServer(dist: string): Server {
  return createServer(async (req, res) => {
    if (req.method !== "GET" && req.method !== "HEAD") {
      res.writeHead(405, { allow: "GET, HEAD" }).end();
      return;
    }
    const file = resolveStatic(dist, req.url ?? "/");
    try {
      if (!file || !(await stat(file)).isFile()) throw new Error("not found");
      const encoding = pickEncoding(acceptEncoding(req), file);
      const body = await readFile(encoding ? file + encoding.suffix : file);
      res.writeHead(200, {
        "content-type": TYPES[extname(file)] ?? "application/octet-stream",
        "content-length": body.length,
        ...(encoding ? { "content-encoding": encoding.name } : {}),
        ...(COMPRESSIBLE.has(extname(file)) ? { vary: "accept-encoding" } : {}),
        "cache-control": isHashed(file) ? "public, max-age=31536000, immutable" : "no-cache",
        "x-content-type-options": "nosniff",
      });
      res.end(req.method === "HEAD" ? undefined : body);
    } catch {
      res.writeHead(404, { "content-type": "text/plain; charset=utf-8" }).end("not found");
    }
  });
}

function acceptEncoding(req: IncomingMessage): string | undefined {
  const value = req.headers["accept-encoding"];
  return Array.isArray(value) ? value.join(",") : value;
}

function listen(server: Server, port: number, host: string): Promise<number | undefined> {
  return new Promise((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException) => {
      server.off("listening", onListening);
      if (err.code === "EADDRINUSE" || err.code === "EACCES") resolve(undefined);
      else reject(err);
    };
    const onListening = () => {
      server.off("error", onError);
      const address = server.address();
      resolve(typeof address === "object" && address ? address.port : port);
    };
    server.once("error", onError);
    server.once("listening", onListening);
    server.listen(port, host);
  });
}

export async function startPlayground(opts: PlaygroundOptions = {}): Promise<RunningPlayground> {
  const host = opts.host ?? "127.0.0.1";
  if (opts.build || isStale()) {
    const started = Date.now();
    opts.onBuild?.("start", 0);
    await buildPlayground();
    opts.onBuild?.("done", Date.now() - started);
  }
  const server = staticServer(DIST_DIR);
  const first = opts.port ?? 5173;
  let port: number | undefined;
  // Port 0 asks the system for any free port; otherwise walk up from the requested one.
  for (let candidate = first; port === undefined; candidate++) {
    if (first !== 0 && candidate > first + 100) throw new Error(`no free port in ${first}–${first + 100}`);
    port = await listen(server, candidate, host);
  }
  const shownHost = host.includes(":") ? `[${host}]` : host;
  return {
    url: `http://${shownHost}:${port}/`,
    close: () => new Promise<void>((resolve, reject) => {
      server.closeAllConnections();
      server.close((err) => (err ? reject(err) : resolve()));
    }),
  };
}
