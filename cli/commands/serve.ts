// `bylaw serve [paths…] [--port N] [--host H] [--db URL] [--log FILE]`: settle claims over
// HTTP with the policies found in the paths (serve/server.ts), keeping ledgers and decisions
// in the store at --db (serve/store/), logging every decision to --log, and loading the
// paths again when they change (serve/reload.ts). Prints the URL and every file it refused;
// SIGTERM and SIGINT stop taking connections, let the requests in flight finish, then close
// the store and the log.
import type { Lang } from "../../compiler/index.ts";
import { loadCatalog, type Catalog } from "../../serve/catalog.ts";
import { DecisionLog } from "../../serve/decision-log.ts";
import { watchCatalog } from "../../serve/reload.ts";
import { createBylawServer, type Service } from "../../serve/server.ts";
import { DEFAULT_DB, openStore } from "../../serve/store/open.ts";
import { StoreUnavailable } from "../../serve/store/store.ts";
import { CliError } from "../load-policy.ts";

export interface ServeOptions {
  lang: Lang;
  port: number;
  host: string;
  root?: string;
  /** public key files: only artifacts signed by one of them are served */
  trust?: string[];
  /** where ledgers and decisions are kept: sqlite:PATH or postgresql://… (default DEFAULT_DB) */
  db?: string;
  /** a JSONL file every decision is appended to */
  log?: string;
  /** load the paths again when they change */
  watch: boolean;
}

export async function serveCommand(paths: string[], opts: ServeOptions): Promise<number> {
  const zh = opts.lang === "zh";
  const say = (line: string) => process.stderr.write(line + "\n");
  const sayRefused = (catalog: Catalog) => {
    // a refusal's reason already names its file
    for (const r of catalog.refused) say(`${zh ? "未加载" : "not served"}: ${r.reason.startsWith(r.file) ? r.reason : `${r.file}: ${r.reason}`}`);
  };
  const sources = paths.length > 0 ? paths : ["policies"];
  const catalog = await loadCatalog(sources, opts);
  sayRefused(catalog);
  const service: Service = { catalog, loopback: ["127.0.0.1", "localhost", "::1"].includes(opts.host) || opts.host.startsWith("127."), ...(opts.log ? { log: new DecisionLog(opts.log) } : {}) };
  try {
    service.store = await openStore(opts.db ?? DEFAULT_DB);
  } catch (e) {
    // without --db, a Node with no node:sqlite still serves the stateless routes
    if (opts.db !== undefined || !(e instanceof StoreUnavailable)) throw new CliError(`--db ${opts.db ?? DEFAULT_DB}: ${(e as Error).message}`);
    service.noStore = e.message;
    say(`${zh ? "不保存台账，只提供无状态接口" : "no ledgers kept, only the stateless routes serve"}: ${e.message}`);
  }
  const server = createBylawServer(service);
  await new Promise<void>((done, fail) => {
    server.once("error", fail);
    server.listen(opts.port, opts.host, () => done());
  });
  const unwatch = opts.watch
    ? watchCatalog(sources, opts, service, (c) => {
        sayRefused(c);
        say(`${zh ? "已重新加载" : "reloaded"}: ${[...c.books].map(([id, b]) => `${id}@${b.ruleSets.map((rs) => rs.artifact.integrity.slice(7, 19)).join(",")}`).join(" ")}`);
      }, (e) => say(`${zh ? "重新加载失败，继续使用原有规则" : "reload failed, still serving the previous policies"}: ${e.message}`))
    : () => {};
  const address = server.address();
  const port = typeof address === "object" && address !== null ? address.port : opts.port;
  process.stdout.write(`${zh ? "已启动" : "serving"} ${catalog.books.size} ${zh ? "项政策于" : "policies at"} http://${opts.host}:${port}/\n`);
  await new Promise<void>((done) => {
    const stop = () => {
      unwatch();
      void server.drain().then(done);
    };
    process.once("SIGTERM", stop);
    process.once("SIGINT", stop);
  });
  await Promise.all([service.store?.close(), service.log?.close()]);
  return 0;
}
