// Entry point. Monaco's own interface strings (menus, the find widget) are translated by a
// message table that must be in place before Monaco's modules run, so the Chinese table is
// loaded first, then the app. The compiler worker starts first of all: its script loads and
// starts while the editor's chunk does.
import "./styles.css";
import { lang } from "./i18n.ts";
import { CompilerClient } from "./worker-client.ts";

async function main(): Promise<void> {
  const client = new CompilerClient();
  if (lang() === "zh") await import("monaco-editor/nls/lang/zh-cn");
  const { startApp } = await import("./app.ts");
  performance.mark("bylaw:app-loaded");
  await startApp(document.getElementById("app")!, client);
  document.body.dataset.ready = "true";
}

main().catch((err: unknown) => {
  const box = document.getElementById("app")!;
  box.textContent = `playground failed to start: ${err instanceof Error ? err.stack ?? err.message : String(err)}`;
  document.body.dataset.ready = "failed";
});
