// Share links: the policy text, the file it stands for and the run form's inputs, packed
// into the URL hash as deflate-raw compressed JSON in base64url. Restored on load, so a
// link reproduces what its author saw. Works in browsers and in Node ≥ 18 (tests).

export interface ShareState {
  /** the example path the text came from (resolves `extends`/`import`), if any */
  path?: string;
  text: string;
  /** run form values as typed (strings), booleans for checkboxes, arrays for sets */
  inputs?: Record<string, string | boolean | string[]>;
  ledger?: Record<string, string>;
  date?: string;
  /** the right-hand tab that was open */
  tab?: string;
}

const PREFIX = "#s=";

function toBase64Url(bytes: Uint8Array): string {
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function fromBase64Url(text: string): Uint8Array {
  const b64 = text.replace(/-/g, "+").replace(/_/g, "/");
  const binary = atob(b64 + "=".repeat((4 - (b64.length % 4)) % 4));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

async function pipe(bytes: Uint8Array, stream: CompressionStream | DecompressionStream): Promise<Uint8Array> {
  const out = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(stream);
  return new Uint8Array(await new Response(out).arrayBuffer());
}

/** The hash fragment (`#s=…`) holding `state`. */
export async function encodeShare(state: ShareState): Promise<string> {
  const json = new TextEncoder().encode(JSON.stringify(state));
  return PREFIX + toBase64Url(await pipe(json, new CompressionStream("deflate-raw")));
}

/** The state in a hash fragment, or undefined when there is none or it is damaged. */
export async function decodeShare(hash: string): Promise<ShareState | undefined> {
  if (!hash.startsWith(PREFIX)) return undefined;
  try {
    const bytes = await pipe(fromBase64Url(hash.slice(PREFIX.length)), new DecompressionStream("deflate-raw"));
    const value: unknown = JSON.parse(new TextDecoder().decode(bytes));
    return isShareState(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function isShareState(v: unknown): v is ShareState {
  if (!isRecord(v) || typeof v.text !== "string") return false;
  if (v.path !== undefined && typeof v.path !== "string") return false;
  if (v.date !== undefined && typeof v.date !== "string") return false;
  if (v.tab !== undefined && typeof v.tab !== "string") return false;
  if (v.inputs !== undefined) {
    if (!isRecord(v.inputs)) return false;
    for (const x of Object.values(v.inputs)) {
      const ok = typeof x === "string" || typeof x === "boolean" ||
        (Array.isArray(x) && x.every((m) => typeof m === "string"));
      if (!ok) return false;
    }
  }
  if (v.ledger !== undefined) {
    if (!isRecord(v.ledger) || !Object.values(v.ledger).every((x) => typeof x === "string")) return false;
  }
  return true;
}
