// Where things come from, as a user meets it: ledger files stamped with their policy, policy
// imports confined to the policy's folder, artifacts signed and verified against trusted keys.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { bylaw, tmp } from "./run-bylaw.ts";

const XPCC = "policies/000-xpcc/assistance.bylaw";
const DONGYING = "policies/001-dongying/critical-illness.bylaw";

const claimFile = (dir: string, input: object) => {
  const f = join(dir, "claim.json");
  writeFileSync(f, JSON.stringify(input));
  return f;
};

describe("台账文件记录所属政策", () => {
  it("writes the policy's id and effective date into --ledger-out, and refuses that ledger under another policy", () => {
    const dir = tmp();
    const ledger = join(dir, "ledger.json");
    const first = bylaw(["eval", XPCC, "--input", claimFile(dir, { 身份: ["因病致贫重病患者"], 自付: "4000" }), "--date", "2022-08-01", "--ledger-out", ledger]);
    expect(first.code).toBe(0);
    const written = JSON.parse(readFileSync(ledger, "utf8"));
    expect(written.policy).toEqual({ id: "xpcc.assistance", effective: "2022-06-07" });
    expect(written.year).toBe(2022);
    const other = bylaw(["eval", DONGYING, "--input", claimFile(dir, { 自付: "250000" }), "--date", "2022-09-01", "--ledger", ledger]);
    expect(other.code).toBe(1);
    expect(other.stderr).toContain("ledger.policy: BR2027");
    expect(other.stderr).toContain("xpcc.assistance");
  });
});
