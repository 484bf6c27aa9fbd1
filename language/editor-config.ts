// How an editor treats bylaw text, for the playground (Monaco) and VS Code alike: comments,
// brackets, which pairs close themselves, what a word is (Chinese names are words, so
// completion replaces `救助` in `救助金` whole; `1.6万元` is one word), indentation.
export const EDITOR_CONFIG = {
  comments: { lineComment: "//", blockComment: ["/*", "*/"] as [string, string] },
  brackets: [["{", "}"], ["[", "]"], ["(", ")"]] as [string, string][],
  // `{` is not closed for you: blocks span lines, and after `{`, Enter, `}` an auto-closed
  // brace would be left over below (editors type over a closer only on the same line).
  // Enter after `{` still indents (indentationRules); the formatter lines `}` up.
  autoClosingPairs: [
    { open: "[", close: "]" },
    { open: "(", close: ")" },
    { open: '"', close: '"', notIn: ["string", "comment"] },
  ],
  surroundingPairs: [
    { open: "{", close: "}" },
    { open: "[", close: "]" },
    { open: "(", close: ")" },
    { open: '"', close: '"' },
  ],
  /** Identifiers (Unicode letters, digits, `_`) and number-like literals (`1.6万元`, `5千元`, `70%`, `5个百分点`). */
  wordPattern: /[\p{L}_][\p{L}\p{N}_]*|\d+(?:\.\d+)?(?:[万千]?元|%|pp|个百分点)?/u,
  indentationRules: { increaseIndentPattern: /\{[^}]*$/, decreaseIndentPattern: /^\s*\}/ },
};

/** The configuration as VS Code's language-configuration.json writes it (patterns as strings). */
export function vscodeLanguageConfiguration(): object {
  const c = EDITOR_CONFIG;
  return {
    ...c,
    wordPattern: c.wordPattern.source,
    indentationRules: {
      increaseIndentPattern: c.indentationRules.increaseIndentPattern.source,
      decreaseIndentPattern: c.indentationRules.decreaseIndentPattern.source,
    },
  };
}
