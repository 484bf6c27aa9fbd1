// Monaco, assembled from the editor core and only the features the playground uses (no
// bundled languages, no TypeScript service): a smaller page and a faster build than
// `monaco-editor`'s full entry. Monaco's own editor worker is imported through the
// package's exports map (`monaco-editor/editor/editor.worker?worker`, monaco ≥ 0.56).
import EditorWorker from "monaco-editor/editor/editor.worker?worker";

import "monaco-editor/features/codicon/register";
import "monaco-editor/features/codeEditor/register";
import "monaco-editor/editor/browser/coreCommands";
import "monaco-editor/features/bracketMatching/register";
import "monaco-editor/features/codeAction/register";
import "monaco-editor/features/clipboard/register";
import "monaco-editor/features/comment/register";
import "monaco-editor/features/contextmenu/register";
import "monaco-editor/features/cursorUndo/register";
import "monaco-editor/features/find/register";
import "monaco-editor/features/folding/register";
import "monaco-editor/features/format/register";
import "monaco-editor/features/gotoError/register";
import "monaco-editor/features/gotoSymbol/register";
import "monaco-editor/editor/contrib/gotoSymbol/browser/goToCommands";
import "monaco-editor/features/hover/register";
import "monaco-editor/features/indentation/register";
import "monaco-editor/features/linesOperations/register";
import "monaco-editor/features/multicursor/register";
import "monaco-editor/features/referenceSearch/register";
import "monaco-editor/features/rename/register";
import "monaco-editor/features/smartSelect/register";
import "monaco-editor/features/snippet/register";
import "monaco-editor/features/suggest/register";
import "monaco-editor/editor/contrib/suggest/browser/suggestController";
import "monaco-editor/features/wordHighlighter/register";
import "monaco-editor/features/wordOperations/register";
import "monaco-editor/editor/common/standaloneStrings";

self.MonacoEnvironment = {
  getWorker: () => new EditorWorker(),
};

export * from "monaco-editor/editor/editor.api";
