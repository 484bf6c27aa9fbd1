// The claims behind a diff's largest changes, read back from the claims file: the records at
// the lines the report names, cut exactly as the batch cut them (cli/batch-route.ts), as
// {column: cell} for CSV and the object for JSON Lines. Reading stops once all are found.
import { createReadStream } from "node:fs";
import { recordCells, recordToRow } from "../runtime/batch/csv.ts";
import { createDecoder, type Encoding } from "./batch-decode.ts";
import type { Format } from "./batch-format.ts";
import { csvSplitter, jsonlSplitter } from "./batch-route.ts";

export async function claimsAt(file: string, format: Format, encoding: Encoding, lines: ReadonlySet<number>): Promise<Map<number, Record<string, unknown>>> {
  const found = new Map<number, string>();
  if (lines.size === 0) return new Map();
  const keep = (text: string, _person: string | undefined, line: number) => {
    if (lines.has(line)) found.set(line, text);
  };
  const splitter = format === "csv" ? csvSplitter("person", keep) : jsonlSplitter("person", keep);
  const decoder = createDecoder(encoding);
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) {
    splitter.push(decoder.write(chunk as Buffer));
    if (found.size === lines.size) break;
  }
  if (found.size < lines.size) {
    splitter.push(decoder.end());
    splitter.end();
  }
  const header = splitter.header === undefined ? undefined : recordCells(splitter.header);
  const read = (text: string): Record<string, unknown> => (header !== undefined ? { ...recordToRow(header, recordCells(text) ?? []) } : (JSON.parse(text) as Record<string, unknown>));
  return new Map([...found].map(([line, text]) => [line, read(text)]));
}
