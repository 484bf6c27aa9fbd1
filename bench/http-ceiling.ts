// The HTTP ceiling beside `bylaw serve` in section 7: a node:http server in a child process
// that reads each body and answers a fixed JSON result, nothing else. What 32 clients get from
// it is what this machine, at this moment, allows any Node HTTP server; bylaw serve's rows
// read against it.
import { fork, type ChildProcess } from "node:child_process";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

const ANSWER = JSON.stringify({ ok: true, outputs: { 救助金: "7000.00" }, alerts: [], ledger: { year: 2023, values: { 起付已用: "2000.00", 已救助: "7000.00" } } });

/** Starts the ceiling server; answers its port and the child to kill. */
export async function startCeiling(): Promise<{ port: number; child: ChildProcess }> {
  const child = fork(import.meta.filename, ["serve"]);
  const port = await new Promise<number>((done) => child.once("message", (m) => done(m as number)));
  return { port, child };
}

if (process.argv[1] === import.meta.filename && process.argv[2] === "serve") {
  const server = createServer((req, res) => {
    req.on("data", () => {}).on("end", () => {
      res.writeHead(200, { "content-type": "application/json; charset=utf-8", "content-length": Buffer.byteLength(ANSWER) });
      res.end(ANSWER);
    });
  });
  server.listen(0, "127.0.0.1", () => process.send!((server.address() as AddressInfo).port));
}
