// What `import … from "bylaw"` gives: the compiler's API, and compiling a policy file from disk
// the way the CLI does (imports and parents read only from its folder or `root`).
export * from "../../compiler/index.ts";
export { compileFile, type CompiledFile } from "../../cli/load-policy.ts";
export { policyHost } from "../../cli/files.ts";
