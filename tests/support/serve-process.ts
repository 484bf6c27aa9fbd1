// `bylaw serve` as a child process, as a user runs it: started on a free port of 127.0.0.1,
// its URL read from what it prints, its standard error kept for the test to read.
import { spawn, type ChildProcess } from "node:child_process";

export interface Served {
  url: string;
  child: ChildProcess;
  /** everything it wrote to standard error so far */
  stderr(): string;
  /** resolves with stderr once it holds a match for `pattern` */
  waitForStderr(pattern: RegExp, timeoutMs?: number): Promise<string>;
  /** the exit code (null when killed by a signal) */
  exited: Promise<number | null>;
}

/** Which `bylaw` runs: by default the repository's, on this Node, from the repository. */
export interface Command {
  node?: string;
  bin?: string;
  cwd?: string;
}

export async function startServe(args: readonly string[], how: Command = {}): Promise<Served> {
  const { node = process.execPath, bin = "bin/bylaw.js", cwd } = how;
  const child = spawn(node, [bin, "serve", ...args, "--port", "0", "--lang", "en"], { cwd });
  let out = "", err = "";
  const listeners = new Set<() => void>();
  child.stderr!.on("data", (d) => {
    err += d;
    for (const l of listeners) l();
  });
  const exited = new Promise<number | null>((done) => child.once("exit", (code) => done(code)));
  const url = await new Promise<string>((done, fail) => {
    child.stdout!.on("data", (d) => {
      out += d;
      const m = /serving \d+ policies at (http:\/\/127\.0\.0\.1:\d+\/)/.exec(out);
      if (m) done(m[1]!);
    });
    void exited.then(() => fail(new Error(`bylaw serve exited: ${out} ${err}`)));
  });
  const waitForStderr = (pattern: RegExp, timeoutMs = 20_000) =>
    new Promise<string>((done, fail) => {
      const check = () => {
        if (!pattern.test(err)) return;
        listeners.delete(check);
        clearTimeout(timer);
        done(err);
      };
      const timer = setTimeout(() => {
        listeners.delete(check);
        fail(new Error(`no ${pattern} on stderr in ${timeoutMs} ms: ${err}`));
      }, timeoutMs);
      listeners.add(check);
      check();
    });
  return { url, child, stderr: () => err, waitForStderr, exited };
}
