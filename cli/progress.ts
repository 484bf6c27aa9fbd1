// A progress bar on a terminal (standard error), silent when output is not a terminal.

export interface Progress {
  update(done: number, fraction: number | undefined): void;
  finish(): void;
}

export function createProgress(label: string, enabled: boolean): Progress {
  const stream = process.stderr;
  if (!enabled || !stream.isTTY) return { update() {}, finish() {} };
  const started = Date.now();
  let last = 0;
  const draw = (done: number, fraction: number | undefined) => {
    const secs = (Date.now() - started) / 1000;
    const rate = secs > 0 ? Math.round(done / secs) : 0;
    const width = 30;
    const bar =
      fraction === undefined
        ? ""
        : `[${"#".repeat(Math.round(fraction * width)).padEnd(width, ".")}] ${Math.floor(fraction * 100)}% `;
    stream.write(`\r${label} ${bar}${done.toLocaleString("en")} rows, ${rate.toLocaleString("en")} rows/s`);
  };
  let lastDone = 0;
  let lastFraction: number | undefined;
  return {
    update(done, fraction) {
      lastDone = done;
      lastFraction = fraction;
      const now = Date.now();
      if (now - last < 100) return;
      last = now;
      draw(done, fraction);
    },
    finish() {
      draw(lastDone, lastFraction === undefined ? undefined : 1);
      stream.write("\n");
    },
  };
}
