// The serve benchmark's load generator counts what the server answered: every request it
// counts was answered once, with its status, over keep-alive connections.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { expect, it } from "vitest";
import { load } from "./http-load.ts";

it("counts each answer once, by status, on `clients` keep-alive connections", async () => {
  let answered = 0;
  const sockets = new Set<unknown>();
  const bodies: string[] = [];
  const server = createServer((req, res) => {
    sockets.add(req.socket);
    let body = "";
    req.on("data", (d) => (body += d)).on("end", () => {
      bodies.push(body);
      const text = JSON.stringify({ n: ++answered });
      res.writeHead(answered % 10 === 0 ? 400 : 200, { "content-type": "application/json", "content-length": Buffer.byteLength(text) }).end(text);
    });
  });
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  const r = await load({ port: (server.address() as AddressInfo).port, clients: 4, seconds: 0.3, request: (i) => ({ path: "/x", body: JSON.stringify({ i, 名: "张三" }) }) });
  await new Promise((done) => server.close(done));
  expect(r.requests).toBe(answered);
  expect(r.statuses.get(400)).toBe(Math.floor(answered / 10));
  expect(r.statuses.get(200)).toBe(answered - Math.floor(answered / 10));
  expect(sockets.size).toBe(4);
  expect(new Set(bodies).size).toBe(answered); // each request numbered once
  expect(r.p50Ms).toBeLessThanOrEqual(r.p99Ms);
});
