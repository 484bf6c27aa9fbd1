// Signed artifacts: who compiled this rule set, not only that it is intact. The integrity hash
// (hash.ts) proves that nothing changed since sealing, but anyone can reseal an edited artifact;
// an Ed25519 signature over the hash by a key the settlement system trusts proves origin.
//
// The signature lives in the artifact, as `signature: { alg, keyId, sig }`, left out of the
// integrity hash (it signs that hash): an artifact travels as one file, to a browser as one
// JSON document, and a detached signature file is easily lost or paired with the wrong one.
// Keys are PEM (SPKI public, PKCS#8 private), as openssl and node:crypto write them. The
// platform's own WebCrypto verifies (Node and browsers alike); it is asynchronous, hence
// verifyArtifact and loadTrustedRuleSet are too.
import { ArtifactError } from "../errors.ts";
import { isObject } from "../ir/shape.ts";
import { integrityOf, sha256BytesHex } from "./hash.ts";

export const SIGNATURE_ALG = "Ed25519";

export interface ArtifactSignature {
  alg: typeof SIGNATURE_ALG;
  /** keyIdOf the signing key's public key: says which trusted key to try */
  keyId: string;
  /** the Ed25519 signature of signedMessage(integrity), base64 */
  sig: string;
}

/** A public key the caller trusts, ready to verify with. */
export interface TrustedKey {
  keyId: string;
  key: CryptoKey;
}

/** What is signed: the artifact's integrity string, under a label no other message starts with. */
export function signedMessage(integrity: string): Uint8Array<ArrayBuffer> {
  return new TextEncoder().encode(`bylaw.ruleset signature v1\n${integrity}`);
}

/** A key's id: the first 16 hex digits of the SHA-256 of its SPKI (DER) encoding. */
export function keyIdOf(spki: Uint8Array): string {
  return sha256BytesHex(spki).slice(0, 16);
}

function subtle(): SubtleCrypto {
  const s = (globalThis as { crypto?: Crypto }).crypto?.subtle;
  if (s === undefined) throw new ArtifactError("BR1034", {});
  return s;
}

/** The DER inside a PEM block labelled `label`, or undefined when there is none. */
function pemBody(pem: string, label: string): Uint8Array<ArrayBuffer> | undefined {
  const m = new RegExp(`-----BEGIN ${label}-----([A-Za-z0-9+/=\\s]+)-----END ${label}-----`).exec(pem);
  if (!m) return undefined;
  try {
    return Uint8Array.from(atob(m[1]!.replace(/\s+/g, "")), (c) => c.charCodeAt(0));
  } catch {
    return undefined;
  }
}

/** Imports an Ed25519 public key from PEM (`-----BEGIN PUBLIC KEY-----`); BR1035 when it is not one. */
export async function importTrustedKey(pem: string): Promise<TrustedKey> {
  const der = pemBody(pem, "PUBLIC KEY");
  if (der === undefined) throw new ArtifactError("BR1035", {});
  try {
    const key = await subtle().importKey("spki", der, { name: SIGNATURE_ALG }, false, ["verify"]);
    return { keyId: keyIdOf(der), key };
  } catch (e) {
    if (e instanceof ArtifactError) throw e;
    throw new ArtifactError("BR1035", {});
  }
}

function base64(text: string): Uint8Array<ArrayBuffer> | undefined {
  try {
    return Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
  } catch {
    return undefined;
  }
}

/**
 * Checks that `artifact` is intact (its integrity hash recomputed) and signed by one of
 * `trusted`: BR1006/BR1007 when it is not intact, BR1030 unsigned, BR1031 a malformed
 * signature, BR1032 signed by a key not trusted, BR1033 a signature that does not verify.
 * Answers the signing key's id. It checks nothing else: load the artifact as usual after.
 */
export async function verifyArtifact(artifact: unknown, trusted: readonly TrustedKey[]): Promise<{ ok: true; keyId: string } | { ok: false; error: ArtifactError }> {
  try {
    return { ok: true, keyId: await verified(artifact, trusted) };
  } catch (e) {
    if (e instanceof ArtifactError) return { ok: false, error: e };
    throw e;
  }
}

async function verified(a: unknown, trusted: readonly TrustedKey[]): Promise<string> {
  if (!isObject(a)) throw new ArtifactError("BR1001", {});
  if (typeof a.integrity !== "string" || !/^sha256:[0-9a-f]{64}$/.test(a.integrity)) throw new ArtifactError("BR1007", {});
  const computed = integrityOf(a);
  if (computed !== a.integrity) throw new ArtifactError("BR1006", { expected: a.integrity, found: computed });
  const s = a.signature;
  if (s === undefined) throw new ArtifactError("BR1030", {});
  const sig = isObject(s) && s.alg === SIGNATURE_ALG && typeof s.keyId === "string" && typeof s.sig === "string" ? base64(s.sig) : undefined;
  if (sig === undefined) throw new ArtifactError("BR1031", {});
  const keyId = (s as { keyId: string }).keyId;
  const candidates = trusted.filter((k) => k.keyId === keyId);
  if (candidates.length === 0) throw new ArtifactError("BR1032", { keyId: keyId.slice(0, 16) });
  const message = signedMessage(a.integrity);
  for (const k of candidates) {
    if (await subtle().verify(SIGNATURE_ALG, k.key, sig, message)) return keyId;
  }
  throw new ArtifactError("BR1033", { keyId });
}
