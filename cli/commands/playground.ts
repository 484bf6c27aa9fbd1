// `bylaw playground` (and `npm start`): build the playground if needed, serve it, print its URL.
import type { Verb } from "../main.ts";
import { startPlayground } from "../../playground/serve.ts";

export const playgroundVerb: Verb = (program, done) =>
  program
    .command("playground")
    .description("build and serve the playground (the browser editor) locally")
    .option("-p, --port <port>", "port to listen on", "5173")
    .option("--rebuild", "build again even if a build exists")
    .action(async (o) => {
      done(await playgroundCommand({ port: Number(o.port), rebuild: Boolean(o.rebuild) }));
    });

export async function playgroundCommand(opts: { port: number; rebuild: boolean }): Promise<number> {
  const server = await startPlayground({
    port: opts.port,
    build: opts.rebuild,
    onBuild: (phase, ms) =>
      process.stdout.write(phase === "start" ? "building the playground (about a minute on a fresh clone)…\n" : `built in ${(ms / 1000).toFixed(1)} s\n`),
  });
  process.stdout.write(`bylaw playground: ${server.url}\n`);
  await new Promise<void>((resolve) => {
    const stop = () => {
      void server.close().then(resolve);
    };
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });
  return 0;
}
