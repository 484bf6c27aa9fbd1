// SHA-256 and canonical JSON, in plain TypeScript so the runtime needs no `node:crypto` and
// runs unchanged in browsers. Used for artifact integrity and source hashes. On Node the
// hash is Node's own (several times faster on a large artifact), reached through
// process.getBuiltinModule rather than an import, so browsers bundle the same file.
import { setOwn } from "../ir/shape.ts";

const K = new Uint32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);

const encoder = new TextEncoder();

interface NodeCrypto {
  createHash(algorithm: "sha256"): { update(text: string, encoding: "utf8"): { digest(encoding: "hex"): string } };
}

const nodeCrypto = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } })
  .process?.getBuiltinModule?.("node:crypto") as NodeCrypto | undefined;

/** Lower-case hex SHA-256 of the UTF-8 encoding of `text` (a lone surrogate as U+FFFD, as TextEncoder writes it). */
export function sha256Hex(text: string): string {
  if (nodeCrypto !== undefined) return nodeCrypto.createHash("sha256").update(text, "utf8").digest("hex");
  return sha256BytesHex(encoder.encode(text));
}

export function sha256BytesHex(data: Uint8Array): string {
  // Pad: 0x80, zeros, then the bit length as a 64-bit big-endian integer.
  const bitLen = data.length * 8;
  const padded = new Uint8Array(((data.length + 9 + 63) >> 6) << 6);
  padded.set(data);
  padded[data.length] = 0x80;
  const view = new DataView(padded.buffer);
  view.setUint32(padded.length - 8, Math.floor(bitLen / 0x100000000));
  view.setUint32(padded.length - 4, bitLen >>> 0);

  const h = new Uint32Array([
    0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
  ]);
  const w = new Uint32Array(64);
  for (let off = 0; off < padded.length; off += 64) {
    for (let i = 0; i < 16; i++) w[i] = view.getUint32(off + i * 4);
    for (let i = 16; i < 64; i++) {
      const x = w[i - 15]!, y = w[i - 2]!;
      const s0 = rotr(x, 7) ^ rotr(x, 18) ^ (x >>> 3);
      const s1 = rotr(y, 17) ^ rotr(y, 19) ^ (y >>> 10);
      w[i] = (w[i - 16]! + s0 + w[i - 7]! + s1) | 0;
    }
    let a = h[0]!, b = h[1]!, c = h[2]!, d = h[3]!, e = h[4]!, f = h[5]!, g = h[6]!, hh = h[7]!;
    for (let i = 0; i < 64; i++) {
      const S1 = rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25);
      const ch = (e & f) ^ (~e & g);
      const t1 = (hh + S1 + ch + K[i]! + w[i]!) | 0;
      const S0 = rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22);
      const maj = (a & b) ^ (a & c) ^ (b & c);
      const t2 = (S0 + maj) | 0;
      hh = g; g = f; f = e; e = (d + t1) | 0; d = c; c = b; b = a; a = (t1 + t2) | 0;
    }
    h[0] = h[0]! + a; h[1] = h[1]! + b; h[2] = h[2]! + c; h[3] = h[3]! + d;
    h[4] = h[4]! + e; h[5] = h[5]! + f; h[6] = h[6]! + g; h[7] = h[7]! + hh;
  }
  let out = "";
  for (let i = 0; i < 8; i++) out += h[i]!.toString(16).padStart(8, "0");
  return out;
}

function rotr(x: number, n: number): number {
  return (x >>> n) | (x << (32 - n));
}

/** Text emitted as is by canonicalJson's work stack (punctuation, keys). */
class Raw {
  readonly s: string;
  constructor(s: string) {
    this.s = s;
  }
}

/**
 * Canonical JSON: object keys sorted (by UTF-16 code units, as Array.prototype.sort does),
 * no whitespace, scalars as JSON.stringify writes them, arrays in order. Properties whose
 * value is `undefined` are left out, as JSON.stringify does, so an object and its JSON
 * round-trip hash alike. Absurdly deep input falls back to an explicit stack, never overflowing.
 */
export function canonicalJson(value: unknown): string {
  // Native JSON.stringify does the walking; the replacer hands it each object with its keys
  // sorted. Two cases take the explicit-stack path instead, which gives the same text: keys
  // that look like array indices (an object lists those first, whatever their order) and
  // nesting deep enough to overflow the native recursion.
  try {
    return JSON.stringify(value, sortKeys) ?? "null";
  } catch {
    return canonicalJsonIterative(value);
  }
}

const INDEX_LIKE = /^(?:0|[1-9]\d{0,9})$/;

class Unsortable extends Error {}

function sortKeys(this: unknown, _key: string, v: unknown): unknown {
  if (v === null || typeof v !== "object" || Array.isArray(v)) return v;
  const keys = Object.keys(v);
  let inOrder = true;
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i]!, first = k.charCodeAt(0);
    if (first >= 48 && first <= 57 && INDEX_LIKE.test(k)) throw new Unsortable();
    if (i > 0 && keys[i - 1]! > k) inOrder = false;
  }
  // An object already in order is written as it is: copying it cost a fifth of compiling.
  if (inOrder) return v;
  // a plain object, not a null-prototype one (which V8 keeps in slow dictionary mode);
  // setOwn keeps a key named `__proto__` a plain property
  const sorted: Record<string, unknown> = {};
  for (const k of keys.sort()) setOwn(sorted, k, (v as Record<string, unknown>)[k]);
  return sorted;
}

/** The same text with an explicit stack: any depth, keys sorted by UTF-16 code units. */
function canonicalJsonIterative(value: unknown): string {
  let out = "";
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const v = stack.pop();
    if (v instanceof Raw) {
      out += v.s;
    } else if (v === null || typeof v !== "object") {
      out += JSON.stringify(v) ?? "null";
    } else if (Array.isArray(v)) {
      stack.push(new Raw("]"));
      for (let i = v.length - 1; i >= 0; i--) {
        stack.push(v[i]);
        if (i > 0) stack.push(new Raw(","));
      }
      out += "[";
    } else {
      const obj = v as Record<string, unknown>;
      const keys = Object.keys(obj).sort().filter((k) => {
        const x = obj[k];
        return x !== undefined && typeof x !== "function" && typeof x !== "symbol";
      });
      stack.push(new Raw("}"));
      for (let i = keys.length - 1; i >= 0; i--) {
        stack.push(obj[keys[i]!]);
        stack.push(new Raw((i > 0 ? "," : "") + JSON.stringify(keys[i]) + ":"));
      }
      out += "{";
    }
  }
  return out;
}

/**
 * The artifact's integrity string: "sha256:" + SHA-256 of the canonical JSON of every field
 * except `integrity` itself and the `signature` over it (signature.ts). The compiler writes it with this function, the loader recomputes it.
 */
export function integrityOf(artifact: object): string {
  // null prototype: a key named `__proto__` is copied as data, not as a prototype
  const rest: Record<string, unknown> = Object.create(null);
  for (const key of Object.keys(artifact)) {
    if (key !== "integrity" && key !== "signature") rest[key] = (artifact as Record<string, unknown>)[key];
  }
  return "sha256:" + sha256Hex(canonicalJson(rest));
}
