// The page's side of the compiler worker: promise-based requests, and a compile scheduler
// that keeps at most one compile in flight and always compiles the newest text last, so a
import type { Artifact } from "../../runtime/ir/artifact.ts";
// burst of typing costs one compile per worker round trip, never a growing queue. The entry
// point starts it before the editor's large chunk loads, so the worker's script downloads and
// starts in parallel with it (page load → first markers).
import type { AnalyzeReply, CompileReply, DocumentReply, FormatReply, WorkerRequest, WorkerResponse } from "./protocol.ts";

type Pending = { resolve(value: unknown): void; reject(error: Error): void };
/** A request without its id (distributes over the union). */
type Payload = WorkerRequest extends infer R ? (R extends unknown ? Omit<R, "id"> : never) : never;

export class CompilerClient {
  private readonly worker: Worker;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private inFlight = false;
  private queued: { path: string; text: string; edits: Record<string, string> } | undefined;
  private onCompiled: (reply: CompileReply) => void = () => {};
  /** a failure before anyone listened is kept and told to the first listener */
  private onFailure: (error: Error) => void = (error) => { this.earlyFailure = error; };
  private earlyFailure: Error | undefined;

  constructor() {
    this.worker = new Worker(new URL("./compiler.worker.ts", import.meta.url), { type: "module" });
    this.worker.onmessage = (event: MessageEvent<WorkerResponse>) => this.settle(event.data);
    this.worker.onerror = (event) => {
      const error = new Error(event.message || "compiler worker failed to start");
      for (const p of this.pending.values()) p.reject(error);
      this.pending.clear();
      this.onFailure(error);
    };
  }

  /** Who is told of each compile result and of a failure (the app, once it has started). */
  listen(onCompiled: (reply: CompileReply) => void, onFailure: (error: Error) => void): void {
    this.onCompiled = onCompiled;
    this.onFailure = onFailure;
    if (this.earlyFailure) onFailure(this.earlyFailure);
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

  /** The source document of `text` (compiled as the last compile did), traced figure by figure. */
  document(path: string, text: string, edits: Record<string, string> = {}): Promise<DocumentReply> {
    return this.request({ op: "document", path, text, edits }) as Promise<DocumentReply>;
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
