// Builds the playground (Vite's JS API) when asked or when the build is missing or older than
// its sources (playground/, policies/, grammar/, compiler/, runtime/), and serves
// playground/dist with a tiny static server on the loopback interface. Used by the CLI
// (`bylaw playground`, `npm start`) and by the browser tests.
import { createServer, type Server } from "node:http";
import { existsSync, readdirSync, statSync } from "node:fs";
import { readFile, stat } from "node:fs/promises";
import { extname, join, normalize, sep } from "node:path";
import { fileURLToPath } from "node:url";

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
const INPUTS = ["playground/src", "playground/index.html", "playground/vite.config.ts", "policies", "grammar", "compiler", "runtime"];

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

/** Builds playground/dist with Vite. */
export async function buildPlayground(): Promise<void> {
  const { build } = await import("vite");
  await build({ configFile: join(PLAYGROUND_DIR, "vite.config.ts"), logLevel: "warn" });
}

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
      const body = await readFile(file);
      res.writeHead(200, {
        "content-type": TYPES[extname(file)] ?? "application/octet-stream",
        "content-length": body.length,
        "cache-control": "no-cache",
        "x-content-type-options": "nosniff",
      });
      res.end(req.method === "HEAD" ? undefined : body);
    } catch {
      res.writeHead(404, { "content-type": "text/plain; charset=utf-8" }).end("not found");
    }
  });
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
