// `bylaw keygen <prefix>`: an Ed25519 key pair for signing artifacts (`compile --sign`) and
// trusting them (`eval`/`batch --trust`).
import type { Lang } from "../../compiler/index.ts";
import { generateKeys } from "../signing.ts";

export function keygenCommand(prefix: string, opts: { lang: Lang }): number {
  const keyId = generateKeys(prefix, opts.lang);
  const zh = opts.lang === "zh";
  process.stderr.write(
    zh
      ? `已写入私钥 ${prefix}.key（仅本人可读，用于 compile --sign）和公钥 ${prefix}.pub（用于 --trust），密钥 ${keyId}\n`
      : `wrote ${prefix}.key (private, owner-only; for compile --sign) and ${prefix}.pub (public; for --trust), key ${keyId}\n`,
  );
  return 0;
}
