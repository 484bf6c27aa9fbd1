// Keys and signatures on the command line (node:crypto); the runtime verifies what this signs
// with the same message (runtime/load/signature.ts signedMessage). Keys are PEM: the private
// key PKCS#8 (as `openssl genpkey -algorithm ed25519` writes it), the public key SPKI.
import { createPrivateKey, createPublicKey, generateKeyPairSync, sign } from "node:crypto";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import type { Lang } from "../compiler/index.ts";
import { keyIdOf, signedMessage, SIGNATURE_ALG, type Artifact } from "../runtime/index.ts";
import { CliError } from "./load-policy.ts";
import { ioMessage } from "./write-file.ts";

/** Writes `<prefix>.key` (private, mode 0600) and `<prefix>.pub`; never overwrites either. Answers the key id. */
export function generateKeys(prefix: string, lang: Lang): string {
  const { privateKey, publicKey } = generateKeyPairSync("ed25519");
  const priv = `${prefix}.key`, pub = `${prefix}.pub`;
  const write = (file: string, text: string, mode: number) => {
    try {
      writeFileSync(file, text, { mode, flag: "wx" });
    } catch (e) {
      const exists = (e as NodeJS.ErrnoException).code === "EEXIST";
      throw new CliError(exists ? `${file}: ${lang === "zh" ? "文件已存在，不覆盖" : "already exists; not overwritten"}` : ioMessage(file, e, lang));
    }
  };
  write(priv, privateKey.export({ type: "pkcs8", format: "pem" }) as string, 0o600);
  try {
    write(pub, publicKey.export({ type: "spki", format: "pem" }) as string, 0o644);
  } catch (e) {
    rmSync(priv, { force: true }); // a key pair or nothing
    throw e;
  }
  return keyIdOf(publicKey.export({ type: "spki", format: "der" }));
}

/** The artifact with an Ed25519 signature over its integrity hash by the key in `keyFile`. */
export function signArtifact(artifact: Artifact, keyFile: string, lang: Lang): Artifact {
  let key;
  try {
    key = createPrivateKey(readFileSync(keyFile, "utf8"));
  } catch (e) {
    throw new CliError(`${keyFile}: ${lang === "zh" ? "无法读取私钥" : "cannot read the private key"}: ${(e as Error).message}`);
  }
  if (key.asymmetricKeyType !== "ed25519") {
    throw new CliError(`${keyFile}: ${lang === "zh" ? "不是 Ed25519 私钥" : "not an Ed25519 private key"}`);
  }
  const keyId = keyIdOf(createPublicKey(key).export({ type: "spki", format: "der" }));
  const sig = sign(null, signedMessage(artifact.integrity), key).toString("base64");
  return { ...artifact, signature: { alg: SIGNATURE_ALG, keyId, sig } };
}
