// `bylaw compile <file> [-o out.json]`: the self-contained artifact, written whole or not at all.
import type { Lang } from "../../compiler/index.ts";
import { compileFile } from "../load-policy.ts";
import { countErrors, printDiagnostics } from "../report.ts";
import { signArtifact } from "../signing.ts";
import { writeFileAtomic } from "../write-file.ts";

export function compileCommand(file: string, opts: { lang: Lang; out?: string; root?: string; sign?: string }): number {
  const { path, text, result } = compileFile(file, opts.lang, opts.root);
  printDiagnostics(result.diagnostics, new Map([[path, text]]), opts.lang, "text");
  if (countErrors(result.diagnostics) > 0 || !result.artifact) return 1;
  const artifact = opts.sign ? signArtifact(result.artifact, opts.sign, opts.lang) : result.artifact;
  const json = JSON.stringify(artifact, null, 2) + "\n";
  if (opts.out) writeFileAtomic(opts.out, json);
  else process.stdout.write(json);
  return 0;
}
