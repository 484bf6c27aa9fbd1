#!/usr/bin/env node
// Entry point of the `bylaw` command. The CLI is TypeScript run by Node's type stripping,
// so it needs Node ≥ 22.18; `npx bylaw` and npm scripts use the Node 24 installed by `npm ci`.
// The installed package's bin is built JavaScript instead (packages/bylaw/bin.ts, `npm run pack`).
const [major, minor] = process.versions.node.split(".").map((n) => parseInt(n, 10));
if (major < 22 || (major === 22 && minor < 18)) {
  process.stderr.write(
    `bylaw needs Node 22.18 or later (this is ${process.version}). ` +
      "Run it through `npx bylaw …` or an npm script after `npm ci`, which use the project's Node 24.\n",
  );
  process.exit(2);
}
const [{ main }, { playgroundVerb }] = await Promise.all([import("../cli/main.ts"), import("../cli/commands/playground.ts")]);
process.exitCode = await main(process.argv, [playgroundVerb]);
