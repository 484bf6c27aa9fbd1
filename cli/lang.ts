// The language of human output: `--lang en|zh`, else the locale's, else English.
import type { Lang } from "../compiler/index.ts";

export function langFromEnv(env: NodeJS.ProcessEnv = process.env): Lang {
  const locale = env.LC_ALL || env.LC_MESSAGES || env.LANG || "";
  return locale.toLowerCase().startsWith("zh") ? "zh" : "en";
}

export function parseLang(value: string | undefined, env?: NodeJS.ProcessEnv): Lang {
  if (value === "en" || value === "zh") return value;
  return langFromEnv(env);
}
