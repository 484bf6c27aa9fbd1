// Why a batch on a database engine failed (`bylaw batch --engine postgres`): coded values,
// each with an English and a Chinese message, put into words only when printed. BE1xxx: the
// connection; BE2xxx: a step of the run on the server. A connection string is always shown
// without its password.
import pg from "pg";

const MESSAGES = {
  BE1001: ["--db {url}: not a PostgreSQL connection string (postgresql://user@host:port/database)", "--db {url}：不是 PostgreSQL 连接串（postgresql://用户@主机:端口/数据库）"],
  BE1002: ["--engine postgres needs --db postgresql://…", "--engine postgres 需要 --db postgresql://…"],
  BE1003: ["cannot reach the PostgreSQL server at {server}: {detail}", "无法连接 PostgreSQL 服务器 {server}：{detail}"],
  BE1004: ["the PostgreSQL server at {server} refused the login: {detail}", "PostgreSQL 服务器 {server} 拒绝登录：{detail}"],
  BE1005: ["the PostgreSQL server at {server} has no database {database}", "PostgreSQL 服务器 {server} 上没有数据库 {database}"],
  BE1006: ["{option} is for the JavaScript engine; --engine {engine} does not take it", "{option} 只用于 JavaScript 引擎；--engine {engine} 不接受该选项"],
  BE1007: ["--engine {engine} writes CSV results: name the -o file .csv", "--engine {engine} 输出 CSV 结果：-o 文件名请以 .csv 结尾"],
  BE1008: ["{option} is for the DuckDB engine; --engine {engine} does not take it", "{option} 只用于 DuckDB 引擎；--engine {engine} 不接受该选项"],
  BE2001: ["PostgreSQL failed while {step}: {detail} (SQLSTATE {sqlstate})", "PostgreSQL 在{stepZh}时出错：{detail}（SQLSTATE {sqlstate}）"],
  BE2002: ["the connection to PostgreSQL was lost while {step}: {detail}", "{stepZh}时与 PostgreSQL 的连接中断：{detail}"],
} as const satisfies Record<string, readonly [string, string]>;

export type EngineErrorCode = keyof typeof MESSAGES;
export const ENGINE_ERROR_CODES = Object.keys(MESSAGES) as EngineErrorCode[];

/** The steps of a run on the server, as BE2001/BE2002 name them. */
export const STEPS = {
  prepare: ["preparing the run", "准备结算"],
  load: ["loading the claims", "载入就医记录"],
  ledgers: ["loading the opening ledgers", "载入期初台账"],
  settle: ["settling", "结算"],
  results: ["reading the results", "读取结算结果"],
  closing: ["reading the closing ledgers", "读取期末台账"],
} as const satisfies Record<string, readonly [string, string]>;
export type Step = keyof typeof STEPS;

export class EngineError extends Error {
  readonly code: EngineErrorCode;
  readonly args: Record<string, string | number>;
  constructor(code: EngineErrorCode, args: Record<string, string | number>) {
    super(code);
    this.code = code;
    this.args = args;
    this.name = "EngineError";
  }
}

export function renderEngineError(e: EngineError, lang: "en" | "zh"): string {
  const template = MESSAGES[e.code][lang === "zh" ? 1 : 0];
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in e.args ? String(e.args[name]) : whole));
}

/** A connection string without its password, for messages. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password !== "") u.password = "***";
    return u.toString();
  } catch {
    return url.replace(/:[^:@/]*@/, ":***@");
  }
}

/** An error a run's step raised, as an EngineError: the server's (with its SQLSTATE) or a lost connection. */
export function stepError(e: unknown, step: Step): EngineError {
  if (e instanceof EngineError) return e;
  const [name, nameZh] = STEPS[step];
  const detail = (e as Error).message;
  // the server's errors carry a SQLSTATE; a reset socket or a timeout has none. A session the
  // server ends (57P: shut down, terminated) or a broken link (08) is a lost connection too.
  const lost = !(e instanceof pg.DatabaseError) || /^(57P|08)/.test(e.code ?? "");
  if (lost) return new EngineError("BE2002", { step: name, stepZh: nameZh, detail });
  return new EngineError("BE2001", { step: name, stepZh: nameZh, detail, sqlstate: e.code ?? "?" });
}
