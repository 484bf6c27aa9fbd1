// Hover: a name's kind, type, label, constant value and the section of the document it
// encodes; a keyword's meaning. Diagnostics' hovers come from the markers themselves.
import * as monaco from "./monaco.ts";
import type { SymbolInfo } from "../../compiler/index.ts";
import { lang, t, type MessageKey } from "./i18n.ts";
import { datedMarkdown } from "./hover-dated.ts";
import { keywordHelp } from "./keyword-help.ts";
import { LANGUAGE_ID } from "./language.ts";
import { spanToRange } from "./markers.ts";
import type { EditorSession } from "./session.ts";
import { nameSpanAt, symbolAt } from "./symbols.ts";

const code = (s: string): string => "`" + s.replace(/`/g, "") + "`";

export function symbolMarkdown(s: SymbolInfo, openPath: string): string {
  const lines = [`**${s.name}** — ${t(`kind_${s.kind}` as MessageKey)} · ${code(s.type)}`];
  if (s.label) lines.push(s.label);
  if (s.value !== undefined) lines.push(`${t("value")}: ${code(s.value)}`);
  if (s.dated !== undefined) lines.push(datedMarkdown(s.dated));
  if (s.sections) lines.push(`${t("section")}: ${s.sections.join(" ")}`);
  if (s.file !== openPath) lines.push(`${t("definedIn")} ${code(s.file)}`);
  return lines.join("\n\n");
}

export function registerHover(session: EditorSession): monaco.IDisposable {
  return monaco.languages.registerHoverProvider(LANGUAGE_ID, {
    provideHover(model, position) {
      const reply = session.latest();
      const offset = model.getOffsetAt(position);
      // Spans are only valid for the text that was compiled.
      if (reply && reply.text === model.getValue()) {
        const s = symbolAt(reply, reply.path, offset);
        const span = nameSpanAt(reply, reply.path, offset);
        if (s && span) {
          return { range: spanToRange(model, span), contents: [{ value: symbolMarkdown(s, reply.path) }] };
        }
      }
      const word = model.getWordAtPosition(position);
      const help = word ? keywordHelp(word.word, lang()) : undefined;
      if (!word || !help) return null;
      return {
        range: new monaco.Range(position.lineNumber, word.startColumn, position.lineNumber, word.endColumn),
        contents: [{ value: help }],
      };
    },
  });
}
