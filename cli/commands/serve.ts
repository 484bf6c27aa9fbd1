// `bylaw serve [paths…] [--port N] [--host H]`: settle claims over HTTP with the policies found
// in the paths (serve/server.ts). Prints the URL and every file it refused; SIGTERM and SIGINT
// stop taking connections and let the requests in flight finish.
import type { Lang } from "../../compiler/index.ts";
import { loadCatalog } from "../../serve/catalog.ts";
import { createBylawServer } from "../../serve/server.ts";

export interface ServeOptions {
  lang: Lang;
  port: number;
  host: string;
  root?: string;
  /** public key files: only artifacts signed by one of them are served */
  trust?: string[];
}

export async function serveCommand(paths: string[], opts: ServeOptions): Promise<number> {
  const zh = opts.lang === "zh";
  const catalog = await loadCatalog(paths.length > 0 ? paths : ["policies"], opts);
  // a refusal's reason already names its file
  for (const r of catalog.refused) process.stderr.write(`${zh ? "未加载" : "not served"}: ${r.reason.startsWith(r.file) ? r.reason : `${r.file}: ${r.reason}`}\n`);
  const server = createBylawServer(catalog);
  await new Promise<void>((done, fail) => {
    server.once("error", fail);
    server.listen(opts.port, opts.host, () => done());
  });
  const address = server.address();
  const port = typeof address === "object" && address !== null ? address.port : opts.port;
  process.stdout.write(`${zh ? "已启动" : "serving"} ${catalog.books.size} ${zh ? "项政策于" : "policies at"} http://${opts.host}:${port}/\n`);
  await new Promise<void>((done) => {
    const stop = () => server.close(() => done());
    process.once("SIGTERM", stop);
    process.once("SIGINT", stop);
  });
  return 0;
}
