// Signed artifacts: the seal proves an artifact intact, the signature who made it. The issue's
// attack — a rate raised to 99 % and a cap to 300万, the sha256 recomputed — loads cleanly
// by the seal alone; against a trusted key it is refused.
import { generateKeyPairSync, sign, type KeyObject } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  importTrustedKey, integrityOf, keyIdOf, loadRuleSet, loadTrustedRuleSet, signedMessage, tryLoadRuleSet, verifyArtifact,
  type Artifact, type TrustedKey,
} from "../index.ts";
import { seal, xpcc } from "../tests/fixtures.ts";

function keyPair(): { privateKey: KeyObject; pem: string; keyId: string } {
  const { privateKey, publicKey } = generateKeyPairSync("ed25519");
  const der = publicKey.export({ type: "spki", format: "der" });
  return { privateKey, pem: publicKey.export({ type: "spki", format: "pem" }) as string, keyId: keyIdOf(der) };
}

/** What `bylaw compile --sign` adds (cli/signing.ts does the same with a key file). */
function signed(a: Artifact, k: { privateKey: KeyObject; keyId: string }): Artifact {
  const sig = sign(null, signedMessage(a.integrity), k.privateKey).toString("base64");
  return { ...a, signature: { alg: "Ed25519", keyId: k.keyId, sig } };
}

/** The forgery: 比例 to 99 %, every cap to 300万, resealed. */
function forged(a: Artifact): Artifact {
  const copy = structuredClone(a);
  for (const p of copy.ir.params) if (p.type === "Rate") p.value = "0.99";
  for (const t of copy.ir.tables) for (const r of t.rows) if (t.valueType === "Limit" || t.valueType === "Money") r.value = "3000000";
  const { signature, ...rest } = copy;
  return { ...seal(rest), ...(signature ? { signature } : {}) } as Artifact;
}

const codeOf = async (a: unknown, keys: TrustedKey[]) => {
  const v = await verifyArtifact(a, keys);
  return v.ok ? "ok" : v.error.code;
};

describe("签名的规则包", () => {
  const me = keyPair();
  const stranger = keyPair();
  const good = signed(xpcc(), me);

  it("verifies an artifact signed by a trusted key, and loads and settles it", async () => {
    const keys = [await importTrustedKey(me.pem)];
    expect(await codeOf(good, keys)).toBe("ok");
    const rs = await loadTrustedRuleSet(good, keys);
    const r = rs.evaluate({ 类别: "第三类", 自付: "12000" }, undefined, { date: "2022-08-01" });
    expect(r.ok && r.outputs).toEqual({ 救助金: "7000.00" }); // (12000 − 2000) × 70%
  });

  it("the signature stays outside the seal: signing changes no integrity hash", () => {
    expect(integrityOf(good)).toBe(good.integrity);
    expect(tryLoadRuleSet(good).ok).toBe(true);
  });

  it("the issue's forgery loads by its recomputed seal, and pays more; against a trusted key it is refused (BR1033)", async () => {
    const bad = forged(good);
    const loose = loadRuleSet(bad).evaluate({ 类别: "第三类", 自付: "12000" }, undefined, { date: "2022-08-01" });
    expect(loose.ok && loose.outputs.救助金).not.toBe("7000.00");
    const keys = [await importTrustedKey(me.pem)];
    expect(await codeOf(bad, keys)).toBe("BR1033");
    await expect(loadTrustedRuleSet(bad, keys)).rejects.toMatchObject({ code: "BR1033" });
  });

  it("refuses unsigned (BR1030), signed by an untrusted key (BR1032), a malformed signature (BR1031), a broken seal (BR1006)", async () => {
    const keys = [await importTrustedKey(me.pem)];
    expect(await codeOf(xpcc(), keys)).toBe("BR1030");
    expect(await codeOf(signed(xpcc(), stranger), keys)).toBe("BR1032");
    // a stranger's signature under my key's id
    expect(await codeOf(signed(xpcc(), { privateKey: stranger.privateKey, keyId: me.keyId }), keys)).toBe("BR1033");
    expect(await codeOf({ ...good, signature: { alg: "Ed25519", keyId: me.keyId, sig: "%%%" } }, keys)).toBe("BR1031");
    expect(await codeOf({ ...good, signature: "yes" }, keys)).toBe("BR1031");
    expect(await codeOf({ ...good, policy: { ...good.policy, title: "改" } }, keys)).toBe("BR1006");
    expect(await codeOf(good, [])).toBe("BR1032");
  });

  it("refuses a key file that is not an Ed25519 public key (BR1035)", async () => {
    const rsa = generateKeyPairSync("rsa", { modulusLength: 1024 }).publicKey.export({ type: "spki", format: "pem" }) as string;
    for (const pem of ["", "not a key", rsa, me.privateKey.export({ type: "pkcs8", format: "pem" }) as string]) {
      await expect(importTrustedKey(pem)).rejects.toMatchObject({ code: "BR1035" });
    }
  });

  it("the loader checks a signature's shape even without trusted keys", () => {
    const r = tryLoadRuleSet({ ...good, signature: { alg: "RSA", keyId: "x", sig: "y" } });
    expect(r.ok ? "loaded" : r.error.code).toBe("BR1012");
  });
});
