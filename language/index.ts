// The bylaw language service: one implementation of the editor features, used by the
// playground (through a thin Monaco adapter) and by `bylaw lsp`. Positions are LSP's: 0-based
// lines and characters in UTF-16 code units. No DOM, no Monaco, no Node: it runs in browsers.
//
// analyze.ts (the compiler run) and fixes.ts / format.ts (the parser) are imported on their
// own by the playground's page, which leaves compiling to its worker.
export { type Analysis, type ReadText, type Reference } from "./analysis.ts";
export { completions, completionCandidates, type Candidate, type CandidateKind, type CompletionItem } from "./completion.ts";
export { hover, symbolMarkdown, datedMarkdown, type Hover } from "./hover.ts";
export { definition, references, rename, renameTarget, isIdentifier, type Location, type TextEdit, type WorkspaceEdit } from "./navigation.ts";
export { offsetAt, positionAt, rangeOf, type Position, type Range } from "./positions.ts";
