// The page's side of the compiler worker: promise-based requests, and a compile scheduler
// that keeps at most one compile in flight and always compiles the newest text last, so a
// burst of typing costs one compile per worker round trip, never a growing queue.
import type { Artifact } from "../../runtime/ir/artifact.ts";
import type { AnalyzeReply, CompileReply, FormatReply, WorkerRequest, WorkerResponse } from "./protocol.ts";

type Pending = { resolve(value: unknown): void; reject(error: Error): void };
/** A request without its id (distributes over the union). */
type Payload = WorkerRequest extends infer R ? (R extends unknown ? Omit<R, "id"> : never) : never;

export class CompilerClient {
  private readonly worker: Worker;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private inFlight = false;
  private queued: { path: string; text: string; edits: Record<string, string> } | undefined;
  private readonly onCompiled: (reply: CompileReply) => void;
  private readonly onFailure: (error: Error) => void;

  constructor(onCompiled: (reply: CompileReply) => void, onFailure: (error: Error) => void) {
    this.onCompiled = onCompiled;
    this.onFailure = onFailure;
    this.worker = new Worker(new URL("./compiler.worker.ts", import.meta.url), { type: "module" });
    this.worker.onmessage = (event: MessageEvent<WorkerResponse>) => this.settle(event.data);
    this.worker.onerror = (event) => {
      const error = new Error(event.message || "compiler worker failed to start");
      for (const p of this.pending.values()) p.reject(error);
      this.pending.clear();
      this.onFailure(error);
    };
  }

  /**
   * Compile `text` as soon as the worker is free; only the newest waiting text is kept.
   * `edits` are the other edited files of the workspace (a parent, an import) by path.
   */
  schedule(path: string, text: string, edits: Record<string, string> = {}): void {
    this.queued = { path, text, edits };
    if (!this.inFlight) void this.drain();
  }

  format(text: string): Promise<FormatReply> {
    return this.request({ op: "format", text }) as Promise<FormatReply>;
  }

  /** The soundness analysis of `artifact` (the 分析 tab asks only while it is shown). */
  analyze(artifact: Artifact): Promise<AnalyzeReply> {
    return this.request({ op: "analyze", artifact }) as Promise<AnalyzeReply>;
  }

  private async drain(): Promise<void> {
    while (this.queued) {
      const { path, text, edits } = this.queued;
      this.queued = undefined;
      this.inFlight = true;
      try {
        this.onCompiled((await this.request({ op: "compile", path, text, edits })) as CompileReply);
      } catch (err) {
        this.onFailure(err instanceof Error ? err : new Error(String(err)));
      } finally {
        this.inFlight = false;
      }
    }
  }

  private request(payload: Payload): Promise<unknown> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ ...payload, id } as WorkerRequest);
    });
  }

  private settle(response: WorkerResponse): void {
    const p = this.pending.get(response.id);
    if (!p) return;
    this.pending.delete(response.id);
    if (response.ok) p.resolve(response.result);
    else p.reject(new Error(response.error));
  }
}
