// GET /openapi.json: an OpenAPI 3.1 description of the server, with JSON Schemas generated
// from each policy's artifact (the version in force last): its input, its ledger and its
// result, so an engine's client can be generated and its claims checked before they are sent.
// The schemas follow the runtime's value encoding (runtime/README.md "Values").
import type { Artifact, TypeName } from "../runtime/ir/artifact.ts";
import { MAX_TEXT } from "../runtime/ir/limits.ts";
import { enumOf, kindOf } from "../runtime/ir/types.ts";
import type { Catalog } from "./catalog.ts";
import { MAX_ID } from "./claim.ts";

type Schema = Record<string, unknown>;

const MONEY_IN = "^\\d+(\\.\\d{1,2})?$";
/** A count in a ledger (an Int field): a whole number ≥ 0 ("2"; "2.00" is read too). */
const COUNT_IN = "^\\d+(\\.0+)?$";

/** A value of `type` as the runtime reads it in an input or a ledger. */
function inputSchema(a: Artifact, type: TypeName): Schema {
  const members = (t: TypeName) => a.schema.enums.find((e) => e.name === enumOf(t))!.members.map((m) => m.name);
  switch (kindOf(type)) {
    case "num":
      if (type === "Money") return { oneOf: [{ type: "string", pattern: MONEY_IN }, { type: "integer", minimum: 0 }] };
      if (type === "Int") return { oneOf: [{ type: "string", pattern: "^-?\\d+$" }, { type: "integer" }] };
      return { oneOf: [{ type: "string", pattern: "^-?\\d+(\\.\\d+)?$" }, { type: "number" }] };
    case "limit":
      return { oneOf: [{ type: "string", pattern: MONEY_IN }, { type: "null" }] };
    case "bool":
      return { type: "boolean" };
    case "date":
      return { type: "string", format: "date" };
    case "text":
      return { type: "string", maxLength: MAX_TEXT };
    case "duration":
      return { type: "integer" };
    case "enum":
      return { type: "string", enum: members(type) };
    case "set":
      return { type: "array", items: { type: "string", enum: members(type) }, uniqueItems: true };
  }
}

/** A value of `type` as the runtime writes it in a result. */
function outputSchema(a: Artifact, type: TypeName): Schema {
  if (type === "Money") return { type: "string", pattern: "^-?\\d+\\.\\d{2}$" };
  if (kindOf(type) === "num") return { type: "string", pattern: "^-?\\d+(\\.\\d+)?$" };
  if (kindOf(type) === "limit") return { oneOf: [{ type: "string", pattern: "^\\d+\\.\\d{2}$" }, { type: "null" }] };
  return inputSchema(a, type);
}

function schemasOf(a: Artifact, outputs: ReadonlyMap<string, { type: TypeName }>): Record<string, Schema> {
  const fields = a.schema.fields;
  const documented = (s: Schema, d: { label?: string }) => (d.label === undefined ? s : { ...s, description: d.label });
  // fields the policy does not know are carried through, as the runtime carries them
  const ledgerValues = { type: "object", properties: Object.fromEntries(a.ledger.fields.map((f) => [f.name, documented({ type: "string", pattern: f.type === "Int" ? COUNT_IN : MONEY_IN }, f)])) };
  return {
    input: {
      type: "object",
      additionalProperties: false,
      properties: Object.fromEntries(fields.map((f) => [f.name, documented(inputSchema(a, f.type), f)])),
      required: fields.filter((f) => !f.optional).map((f) => f.name),
    },
    ledger: {
      type: "object",
      description: "the person's year-to-date ledger, as the last result returned it",
      properties: { year: { type: "integer", minimum: 1 }, values: ledgerValues, policy: { type: "object" } },
      required: ["year", "values"],
    },
    request: {
      type: "object",
      additionalProperties: false,
      properties: { input: { $ref: "#/input" }, ledger: { $ref: "#/ledger" }, date: { type: "string", format: "date" }, explain: { type: "boolean" } },
      required: ["input", "date"],
    },
    claim: {
      type: "object",
      description: "a claim settled on the ledger the server keeps for the person; `claim` is its idempotency key",
      additionalProperties: false,
      properties: {
        person: { type: "string", minLength: 1, maxLength: MAX_ID },
        claim: { type: "string", minLength: 1, maxLength: MAX_ID },
        date: { type: "string", format: "date" },
        input: { $ref: "#/input" },
      },
      required: ["person", "claim", "date", "input"],
    },
    result: {
      type: "object",
      properties: {
        ok: { const: true },
        outputs: { type: "object", properties: Object.fromEntries([...outputs].map(([name, o]) => [name, outputSchema(a, o.type)])) },
        alerts: { type: "array", items: { type: "object", properties: { name: { type: "string" }, label: { type: "string" } }, required: ["name"] } },
        ledger: { $ref: "#/ledger" },
        trace: { type: "object" },
      },
      required: ["ok", "outputs", "alerts", "ledger"],
    },
  };
}

const ERRORS: Schema = {
  type: "object",
  properties: {
    ok: { const: false },
    errors: {
      type: "array",
      items: {
        type: "object",
        properties: { code: { type: "string", pattern: "^BR\\d{4}$" }, field: { type: "string" }, args: { type: "object" }, message: { type: "string" }, messageZh: { type: "string" } },
        required: ["code", "field", "message", "messageZh"],
      },
    },
  },
  required: ["ok", "errors"],
};

/** The OpenAPI document of a server over `catalog`. */
export function openApi(catalog: Catalog): Schema {
  const schemas: Record<string, Schema> = { errors: ERRORS };
  const paths: Record<string, Schema> = {
    "/healthz": { get: { summary: "whether the server answers", responses: { 200: { description: "ok" } } } },
    "/v1/policies": { get: { summary: "every policy with its versions, effective dates and artifact hashes", responses: { 200: { description: "the policies" } } } },
  };
  for (const [id, book] of catalog.books) {
    const latest = book.ruleSets[book.ruleSets.length - 1]!;
    // the schemas refer to each other by `#/name`: rewritten to this policy's component names
    const own = JSON.parse(JSON.stringify(schemasOf(latest.artifact, latest.outputs)).replace(/"#\/(\w+)"/g, (_, n: string) => JSON.stringify(`#/components/schemas/${id}.${n}`)));
    for (const [name, s] of Object.entries(own)) schemas[`${id}.${name}`] = s as Schema;
    const ref = (n: string) => ({ $ref: `#/components/schemas/${id}.${n}` });
    const json = (schema: Schema) => ({ "application/json": { schema } });
    const errors = (description: string) => ({ description, content: json({ $ref: "#/components/schemas/errors" }) });
    const base = `/v1/policies/${encodeURIComponent(id)}`;
    const refused = { 400: errors("every error of the claim, coded, in English and Chinese; nothing written"), 404: { description: "no such policy" }, 413: { description: "the body is too large" },
      403: { description: "a request from a page of another origin, or naming a host other than loopback when the server listens on loopback" },
      415: { description: "the body is not sent as application/json (application/x-ndjson for a batch)" } };
    const stored = { 503: { description: "the server keeps no ledgers (no store could be opened)" } };
    paths[`${base}/evaluate`] = {
      post: {
        summary: `${latest.meta.title}: settle one claim with the version in force on its date, on the ledger sent (stateless)`,
        requestBody: { required: true, content: json(ref("request")) },
        responses: { 200: { description: "settled", content: json(ref("result")) }, ...refused },
      },
    };
    paths[`${base}/settle`] = {
      post: {
        summary: `${latest.meta.title}: settle one claim on the person's ledger the server keeps, once per claim id`,
        requestBody: { required: true, content: json(ref("claim")) },
        responses: {
          200: { description: "settled now, or before under the same claim id with the same request (the stored result)", content: json(ref("result")) },
          ...refused,
          409: errors("the claim id was used before for another claim (BR2121); nothing written"),
          ...stored,
        },
      },
    };
    paths[`${base}/batch`] = {
      post: {
        summary: "settle claims given one per line (NDJSON of claims), answered one result per line as each is settled",
        requestBody: { required: true, content: { "application/x-ndjson": { schema: { type: "string" }, itemSchema: ref("claim") } } },
        responses: {
          200: { description: "one line per claim: {line, claim, ...result}, or {line, claim, status, ok: false, errors}", content: { "application/x-ndjson": { schema: { type: "string" } } } },
          ...refused,
          ...stored,
        },
      },
    };
    paths[`${base}/ledgers/{person}`] = {
      get: {
        summary: "the person's ledger of a medical year, as the last settled claim wrote it",
        parameters: [
          { name: "person", in: "path", required: true, schema: { type: "string" } },
          { name: "year", in: "query", required: true, schema: { type: "integer", minimum: 1, maximum: 9999 } },
        ],
        responses: { 200: { description: "the ledger", content: json(ref("ledger")) }, 404: { description: "no ledger for the person in that year" }, ...stored },
      },
    };
  }
  return { openapi: "3.1.0", info: { title: "bylaw", version: "1" }, paths, components: { schemas } };
}
