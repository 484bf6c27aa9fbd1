// Chunks handed from a push-driven reader (the opening-ledger reader calls its sink for several
// chunks at once) to a pull-driven consumer (a COPY's pump), at most `max` waiting.

export class Handoff {
  private readonly chunks: string[] = [];
  private wake: (() => void) | undefined;
  /** every put waiting for room: several can be, as the reader runs sinks side by side */
  private readonly waiting: (() => void)[] = [];
  private done = false;
  private failure: { error: unknown } | undefined;
  private readonly max: number;
  constructor(max: number) {
    this.max = max;
  }

  /** Adds a chunk; waits while the consumer is `max` chunks behind. */
  async put(chunk: string): Promise<void> {
    this.chunks.push(chunk);
    this.wake?.();
    while (this.chunks.length > this.max) await new Promise<void>((r) => this.waiting.push(r));
  }

  end(failure?: { error: unknown }): void {
    this.done = true;
    this.failure = failure;
    this.wake?.();
  }

  async *take(): AsyncIterable<string> {
    for (;;) {
      if (this.chunks.length > 0) {
        const chunk = this.chunks.shift()!;
        // each waiting put looks again (and waits again while there is still no room)
        for (const resume of this.waiting.splice(0)) resume();
        yield chunk;
      } else if (this.done) {
        if (this.failure !== undefined) throw this.failure.error;
        return;
      } else {
        await new Promise<void>((r) => (this.wake = r));
      }
    }
  }
}
