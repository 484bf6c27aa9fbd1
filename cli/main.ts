// The `bylaw` command line: one verb per file under cli/commands/.
import { Command, Option } from "commander";
import { COMPILER_VERSION } from "../compiler/index.ts";
import { parseLang } from "./lang.ts";
import { CliError } from "./load-policy.ts";
import { guardStdout } from "./write-file.ts";
import { checkCommand } from "./commands/check.ts";
import { compileCommand } from "./commands/compile.ts";
import { keygenCommand } from "./commands/keygen.ts";
import { fmtCommand } from "./commands/fmt.ts";
import { traceDocCommand } from "./commands/trace-doc.ts";
import { serveCommand } from "./commands/serve.ts";
import { DEFAULT_DB } from "../serve/store/open.ts";
import { replayCommand } from "./commands/replay.ts";
import { evalCommand } from "./commands/eval.ts";
import { testCommand } from "./commands/test.ts";
import { batchCommand, BATCH_HELP } from "./commands/batch.ts";
import { analyzeCommand } from "./commands/analyze.ts";
import { diffCommand, DIFF_HELP } from "./commands/diff.ts";

const langOption = () =>
  new Option("--lang <lang>", "language of messages (default: from the locale)").choices(["en", "zh"]);
const rootOption = () =>
  new Option("--root <dir>", "folder that imports and parents may be read from (default: each policy's own folder)");
const trustOption = () =>
  new Option("--trust <keyfile>", "run only artifacts signed by this public key (PEM); repeatable")
    .argParser((file: string, files: string[] | undefined) => [...(files ?? []), file]);
const formatOption = () => new Option("--format <format>", "output format").choices(["text", "json"]).default("text");

/** A verb the entry point adds: the repository's bin/bylaw.js adds `playground`, which needs the
 *  playground's sources and Vite and so is not in the installed package. `done` sets the exit code. */
export type Verb = (program: Command, done: (code: number) => void) => void;

export async function main(argv: string[], verbs: readonly Verb[] = []): Promise<number> {
  // any verb's output, help included, may go to a reader that stops early (`| head`)
  guardStdout(parseLang(undefined));
  let code = 0;
  const program = new Command("bylaw")
    .description("Write, check, test and run regional medical-insurance and medical-assistance rules")
    .version(COMPILER_VERSION)
    .showHelpAfterError()
    .exitOverride();

  program
    .command("check")
    .description("check policy files (or folders of them) and report every problem")
    .argument("<paths...>", "policy files or folders")
    .addOption(langOption())
    .addOption(formatOption())
    .addOption(rootOption())
    .option("--analyze", "add the soundness analysis' findings (cliffs, full coverage, unreachable rows, idle caps) as warnings")
    .action((paths: string[], o) => {
      code = checkCommand(paths, { lang: parseLang(o.lang), format: o.format, root: o.root, analyze: Boolean(o.analyze) });
    });

  program
    .command("analyze")
    .description("each Money result as an exact piecewise-linear function of one amount: breakpoints and where they come from, cliffs, full coverage, unreachable rows, caps that never bind")
    .argument("<policy>", "policy file (.bylaw) or artifact (.json)")
    .option("--over <name>", "the amount input to analyse over (default: the main amount)")
    .option("-l, --ledger <file>", "also analyse from this ledger (JSON, as eval reads it); repeatable", (f: string, fs: string[] | undefined) => [...(fs ?? []), f])
    .option("--chart <file>", "write an SVG of the payment and patient-share curves with their breakpoints")
    .option("-d, --date <YYYY-MM-DD>", "the claims' date (default: the policy's effective date)")
    .addOption(formatOption())
    .addOption(rootOption())
    .addOption(langOption())
    .action(async (policy: string, o) => {
      code = await analyzeCommand(policy, { lang: parseLang(o.lang), format: o.format, over: o.over, ledgers: o.ledger, chart: o.chart, date: o.date, root: o.root });
    });

  program
    .command("compile")
    .description("compile a policy into a self-contained rule-set artifact (JSON)")
    .argument("<file...>", "policy file; with --target sql, several: versions of one policy (a rule book), each claim settled by the version in force on its date")
    .option("-o, --out <file>", "write the artifact here instead of standard output")
    .option("--sign <keyfile>", "sign the artifact with this Ed25519 private key (PEM, from `bylaw keygen`)")
    .addOption(new Option("--target <target>", "artifact (JSON), or sql: views settling a claims table and opening ledgers (see sql/index.ts)").choices(["artifact", "sql"]).default("artifact"))
    .addOption(new Option("--dialect <dialect>", "with --target sql: the engine the SQL is for").choices(["duckdb", "postgres", "spark", "trino"]).default("duckdb"))
    .addOption(rootOption())
    .addOption(langOption())
    .action((file: string[], o) => {
      code = compileCommand(file, { lang: parseLang(o.lang), out: o.out, root: o.root, sign: o.sign, target: o.target, dialect: o.dialect });
    });

  program
    .command("serve")
    .description("settle claims over HTTP (JSON) with the policies in the paths (default: policies/)")
    .argument("[paths...]", "policy files (.bylaw), artifacts (.json) or folders")
    .option("-p, --port <port>", "port to listen on (0: any free port)", "8080")
    .option("--host <host>", "address to listen on", "127.0.0.1")
    .option("--db <url>", `where ledgers and decisions are kept: sqlite:PATH[?synchronous=full] or postgresql://… (default: ${DEFAULT_DB})`)
    .option("--log <file>", "append every decision to this JSONL file (for `bylaw replay`)")
    .option("--no-watch", "do not load the paths again when they change")
    .addOption(rootOption())
    .addOption(trustOption())
    .addOption(langOption())
    .action(async (paths: string[], o) => {
      const port = Number.parseInt(o.port, 10);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new CliError(`--port: ${o.port} is not a port number`);
      code = await serveCommand(paths, { lang: parseLang(o.lang), port, host: o.host, root: o.root, trust: o.trust, db: o.db, log: o.log, watch: o.watch });
    });

  program
    .command("replay")
    .description("run the decisions of a `bylaw serve --log` file again and report any that differ (exit 1)")
    .argument("<log>", "the decision log (JSONL)")
    .argument("[paths...]", "policy files, artifacts or folders holding the versions that decided (default: policies/)")
    .addOption(rootOption())
    .addOption(trustOption())
    .addOption(langOption())
    .action(async (log: string, paths: string[], o) => {
      code = await replayCommand(log, paths, { lang: parseLang(o.lang), root: o.root, trust: o.trust });
    });

  program
    .command("keygen")
    .description("write an Ed25519 key pair for signing artifacts: <prefix>.key (private) and <prefix>.pub")
    .argument("<prefix>", "path and name of the key files, without extension")
    .addOption(langOption())
    .action((prefix: string, o) => {
      code = keygenCommand(prefix, { lang: parseLang(o.lang) });
    });

  program
    .command("trace-doc")
    .description("link every figure of the policies' source documents to the rule holding it or the acknowledge explaining it; report the unlinked")
    .argument("[paths...]", "policy files or folders (default: policies/)")
    .option("--docs <dir>", "a folder to look for the documents in, besides each policy's own")
    .addOption(formatOption())
    .addOption(rootOption())
    .addOption(langOption())
    .action((paths: string[], o) => {
      code = traceDocCommand(paths, { lang: parseLang(o.lang), format: o.format, docs: o.docs, root: o.root });
    });

  program
    .command("fmt")
    .description("format policy files in the canonical layout")
    .argument("<paths...>", "policy files or folders")
    .option("--check", "only list files that are not formatted; exit 1 if any")
    .addOption(langOption())
    .action((paths: string[], o) => {
      code = fmtCommand(paths, { lang: parseLang(o.lang), check: Boolean(o.check) });
    });

  program
    .command("eval")
    .description("settle one claim with a policy or a compiled artifact")
    .argument("<policy>", "policy file (.bylaw) or artifact (.json)")
    .requiredOption("-i, --input <file>", "the claim's input (JSON)")
    .option("-l, --ledger <file>", "the person's year-to-date ledger (JSON)")
    .option("--ledger-out <file>", "write the new ledger here")
    .option("-d, --date <YYYY-MM-DD>", "the claim's date (picks the medical year)")
    .option("--explain", "show how every output was computed")
    .addOption(rootOption())
    .addOption(trustOption())
    .addOption(langOption())
    .addOption(formatOption())
    .action(async (policy: string, o) => {
      code = await evalCommand(policy, {
        lang: parseLang(o.lang),
        root: o.root,
        trust: o.trust,
        format: o.format,
        input: o.input,
        ledger: o.ledger,
        ledgerOut: o.ledgerOut,
        date: o.date,
        explain: Boolean(o.explain),
      });
    });

  program
    .command("test")
    .description("run the test blocks of policy files (default: policies/)")
    .argument("[paths...]", "policy files or folders")
    .option("-v, --verbose", "list passing tests too")
    .option("--coverage", "report the branches, table rows, bands, caps and alerts the tests reach, and what they leave untested")
    .option("--lcov <file>", "write that coverage as lcov (for editors and CI)")
    .addOption(rootOption())
    .addOption(langOption())
    .action((paths: string[], o) => {
      code = testCommand(paths, { lang: parseLang(o.lang), verbose: Boolean(o.verbose), root: o.root, coverage: Boolean(o.coverage), lcov: o.lcov });
    });

  program
    .command("batch")
    .description("settle a file of claims in order, carrying each person's ledger")
    .argument("<policy...>", "policy file (.bylaw) or artifact (.json) — several versions of one policy: each claim settled by the version in force on its date — then the claims as .csv or .jsonl (columns: person, date, and the policy's inputs)")
    .option("-o, --out <file>", "write result rows here, all at once when the run ends (default: standard output)")
    .option("--summary <file>", "write the run's summary as JSON: rows, errors, people, exact totals, the result's sha256")
    .option("--ledgers-in <file>", "opening ledgers (JSONL, one line per person and year) each person starts from")
    .option("--ledgers-out <file>", "write every person's closing ledgers here (JSONL), all at once when the run ends")
    .addOption(new Option("--encoding <name>", "the claims file's encoding (gb18030: files from Chinese spreadsheet software)").choices(["utf-8", "gb18030"]).default("utf-8"))
    .option("--no-progress", "no progress bar")
    .option("--workers <n>", "worker threads for large files; 1: none (default: min(2, CPUs); at most 2 × CPUs, 16)")
    .addOption(new Option("--engine <name>", "js; duckdb: the rule set's SQL on an embedded DuckDB (.csv or .parquet in and out, -o needed; larger than memory is fine); postgres: on the server at --db").choices(["js", "duckdb", "postgres"]).default("js"))
    .option("--memory-limit <size>", "with --engine duckdb: DuckDB's memory limit, e.g. 1GB (what does not fit spills to disk; default: 256MB)")
    .option("--temp-dir <dir>", "with --engine duckdb: where its database and spill files go (default: the system's temporary folder)")
    .option("--bucket <claims>", "with --engine duckdb: about how many claims each settling query takes; fewer use less memory (default: 250000)")
    .option("--db <url>", "with --engine postgres: the server, postgresql://user@host:port/database")
    .addOption(rootOption())
    .addOption(trustOption())
    .addOption(langOption())
    .addHelpText("after", BATCH_HELP)
    .action(async (files: string[], o) => {
      if (files.length < 2) throw new CliError(parseLang(o.lang) === "zh" ? "须给出政策文件与理赔文件" : "give the policy file (or its versions) and then the claims file");
      const [policy, claims] = [files.slice(0, -1), files.at(-1)!];
      const workers = o.workers === undefined ? undefined : Number(o.workers);
      code = await batchCommand(policy, claims, { lang: parseLang(o.lang), out: o.out, progress: o.progress, workers, encoding: o.encoding, summary: o.summary, ledgersIn: o.ledgersIn, ledgersOut: o.ledgersOut, root: o.root, trust: o.trust, engine: o.engine, memoryLimit: o.memoryLimit, tempDir: o.tempDir, bucket: o.bucket === undefined ? undefined : Number(o.bucket), db: o.db });
    });

  program
    .command("lsp")
    .description("the language server (Language Server Protocol over stdio) for editors: diagnostics, completion, hover, definition, references, rename, formatting, quick fixes")
    .option("--stdio", "talk over standard input and output (the only transport; editors pass it)")
    .addOption(rootOption())
    .addOption(langOption())
    .action(async (o) => {
      // loaded only here: the protocol library is not needed by (nor slows) the other verbs
      const { lspCommand } = await import("./commands/lsp.ts");
      code = await lspCommand({ lang: o.lang === undefined ? undefined : parseLang(o.lang), root: o.root });
      });

  program
    .command("diff")
    .description("what a new version changes: where the formulas differ, or, over a claims file, who gains, who loses, by how much")
    .argument("<old>", "the old version: policy file (.bylaw) or artifact (.json)")
    .argument("<new>", "the new version: policy file (.bylaw) or artifact (.json)")
    .argument("[claims]", "claims as .csv or .jsonl (as for `bylaw batch`); without: compare the formulas")
    .option("--over <input>", "without claims: the amount input the results are functions of (default: the main amount)")
    .option("--gain <output>", "the Money output gain and loss are judged by (default: see below)")
    .option("--top <n>", "how many of the largest gains and of the largest losses to list", "10")
    .option("--ledgers-in <file>", "opening ledgers (JSONL, one line per person and year) each person starts from, under both versions")
    .addOption(new Option("--encoding <name>", "the claims file's encoding (gb18030: files from Chinese spreadsheet software)").choices(["utf-8", "gb18030"]).default("utf-8"))
    .option("--no-progress", "no progress bar")
    .option("--workers <n>", "worker threads for large files; 1: none (default: min(2, CPUs); at most 2 × CPUs, 16)")
    .addOption(formatOption())
    .addOption(rootOption())
    .addOption(trustOption())
    .addOption(langOption())
    .addHelpText("after", DIFF_HELP)
    .action(async (oldFile: string, newFile: string, claims: string | undefined, o) => {
      const workers = o.workers === undefined ? undefined : Number(o.workers);
      code = await diffCommand(oldFile, newFile, claims, {
        lang: parseLang(o.lang), format: o.format, gain: o.gain, top: Number(o.top), over: o.over, progress: o.progress, workers, encoding: o.encoding,
        ledgersIn: o.ledgersIn, root: o.root, trust: o.trust,
      });
    });

  for (const verb of verbs) verb(program, (c) => (code = c));

  try {
    await program.parseAsync(argv);
  } catch (e) {
    if (e instanceof CliError) {
      process.stderr.write(e.message + "\n");
      return 1;
    }
    const err = e as { code?: string; exitCode?: number };
    if (typeof err.code === "string" && err.code.startsWith("commander.")) {
      return err.code === "commander.helpDisplayed" || err.code === "commander.version" ? 0 : (err.exitCode ?? 2);
    }
    process.stderr.write(`bylaw: ${(e as Error).message}\n`);
    return 2;
  }
  return code;
}
