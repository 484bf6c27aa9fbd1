// Entry point. Monaco's own interface strings (menus, the find widget) are translated by a
// message table that must be in place before Monaco's modules run, so the Chinese table is
// loaded first, then the app.
import "./styles.css";
import { lang } from "./i18n.ts";

async function main(): Promise<void> {
  if (lang() === "zh") await import("monaco-editor/nls/lang/zh-cn");
  const { startApp } = await import("./app.ts");
  await startApp(document.getElementById("app")!);
  document.body.dataset.ready = "true";
}

main().catch((err: unknown) => {
  const box = document.getElementById("app")!;
  box.textContent = `playground failed to start: ${err instanceof Error ? err.stack ?? err.message : String(err)}`;
  document.body.dataset.ready = "failed";
});
