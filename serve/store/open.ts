// `--db URL`: which store a server keeps its ledgers and decisions in.
//   sqlite:PATH[?synchronous=normal|full]   SQLite in a file (default sqlite:bylaw.db)
//   postgresql://… or postgres://…           PostgreSQL
// Each store's module is imported only when chosen, so neither node:sqlite nor pg is needed
// by a server that does not use it.
import type { Store } from "./store.ts";

export const DEFAULT_DB = "sqlite:bylaw.db";

export async function openStore(url: string): Promise<Store> {
  if (url.startsWith("postgresql://") || url.startsWith("postgres://")) {
    return (await import("./postgres.ts")).openPostgresStore(url);
  }
  const m = /^sqlite:([^?]+)(?:\?synchronous=(normal|full))?$/.exec(url);
  if (m) return (await import("./sqlite.ts")).openSqliteStore(m[1]!, m[2] as "normal" | "full" | undefined);
  throw new Error(`--db ${url}: expected sqlite:PATH[?synchronous=normal|full] or postgresql://…`);
}
