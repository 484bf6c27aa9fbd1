// A load generator for `bylaw serve`, in the manner of wrk: `clients` keep-alive connections,
// each sending its next request as soon as the last is answered, for a fixed time. Raw
// HTTP/1.1 over node:net rather than fetch, so that on a small machine the generator spends
// as little of the shared CPU as it can; the server answers every JSON body with a
// content-length, which is all the response parsing this needs.
import { connect, type Socket } from "node:net";

export interface LoadResult {
  requests: number;
  seconds: number;
  perSec: number;
  p50Ms: number;
  p99Ms: number;
  /** answers by status code: a run is valid only when every answer is the expected one */
  statuses: Map<number, number>;
}

export interface LoadOptions {
  port: number;
  clients: number;
  seconds: number;
  /** the path and JSON body of request number `i` (numbered across clients) */
  request(i: number): { path: string; body: string };
}

const HEAD_END = Buffer.from("\r\n\r\n");

function requestBytes(path: string, body: string): Buffer {
  const head = `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n`;
  return Buffer.from(head + body);
}

/** Percentile `q` (0..1) of sorted values. */
const percentile = (sorted: Float64Array, q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;

export async function load(opts: LoadOptions): Promise<LoadResult> {
  let next = 0;
  const latencies: number[] = [];
  const statuses = new Map<number, number>();
  const started = performance.now();
  const until = started + opts.seconds * 1000;

  const client = () => new Promise<void>((done, fail) => {
    const socket: Socket = connect(opts.port, "127.0.0.1");
    socket.setNoDelay(true);
    let buffered: Buffer = Buffer.alloc(0);
    let sentAt = 0;
    const send = () => {
      if (performance.now() >= until) return void socket.end(done);
      const { path, body } = opts.request(next++);
      sentAt = performance.now();
      socket.write(requestBytes(path, body));
    };
    socket.on("connect", send);
    socket.on("error", fail);
    socket.on("data", (chunk: Buffer) => {
      buffered = buffered.length === 0 ? chunk : Buffer.concat([buffered, chunk]);
      const end = buffered.indexOf(HEAD_END);
      if (end < 0) return;
      const head = buffered.subarray(0, end).toString("latin1");
      const length = Number(/\r\ncontent-length: *(\d+)/i.exec(head)?.[1] ?? 0);
      if (buffered.length < end + 4 + length) return;
      const status = Number(head.slice(9, 12));
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
      latencies.push(performance.now() - sentAt);
      buffered = buffered.subarray(end + 4 + length);
      send();
    });
  });

  await Promise.all(Array.from({ length: opts.clients }, client));
  const seconds = (performance.now() - started) / 1000;
  const sorted = Float64Array.from(latencies).sort();
  return { requests: latencies.length, seconds, perSec: latencies.length / seconds, p50Ms: percentile(sorted, 0.5), p99Ms: percentile(sorted, 0.99), statuses };
}
