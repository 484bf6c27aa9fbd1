// Diagnostics rendered from the compiler's registry (en + zh, with help lines), for editors
// that run the compiler in-process (`bylaw lsp`).
import { helpText, message, noteText, type Diagnostic, type Lang } from "../compiler/diagnostics.ts";
import type { Render } from "./diagnostics.ts";

export function registryRender(lang: Lang): Render<Diagnostic> {
  return {
    text(d) {
      const help = helpText(d.code, lang, d.args);
      return help ? `${message(d, lang)}\n${help}` : message(d, lang);
    },
    related: (_d, r) => noteText(r.args, lang),
  };
}
