// A dated param's values in its hover: each with the date it is in force from. Pure (no
// editor): testable without a browser.
import type { SymbolInfo } from "../../compiler/index.ts";
import { t } from "./i18n.ts";

export function datedMarkdown(dated: NonNullable<SymbolInfo["dated"]>): string {
  const items = dated.map((d) => `- ${t("fromDate", { date: d.from })}: \`${d.value}\``);
  return [`${t("datedValues")}:`, ...items].join("\n");
}
