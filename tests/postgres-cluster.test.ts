// The throwaway cluster the SQL target and the decision service test against: it starts on
// loopback, answers queries, and leaves nothing behind when stopped.
import pg from "pg";
import { describe, expect, it } from "vitest";
import { POSTGRES_SKIP_REASON, runPostgresTests, startCluster } from "./support/postgres.ts";

if (!runPostgresTests) console.warn(`[postgres] tests skipped: ${POSTGRES_SKIP_REASON}`);

describe.runIf(runPostgresTests)("a throwaway PostgreSQL cluster", () => {
  it("serves exact DECIMAL arithmetic on 127.0.0.1 and is gone after stop", async () => {
    const cluster = await startCluster();
    try {
      expect(cluster.url).toMatch(/^postgresql:\/\/postgres@127\.0\.0\.1:\d+\/postgres$/);
      const client = new pg.Client({ connectionString: cluster.url });
      await client.connect();
      try {
        // NUMERIC is exact where a float is not: 0.1 + 0.2 is 0.3 to the last digit.
        const { rows } = await client.query("SELECT (0.1::numeric + 0.2::numeric)::text AS sum, inet_server_addr()::text AS addr");
        expect(rows[0]).toEqual({ sum: "0.3", addr: "127.0.0.1/32" });
      } finally {
        await client.end();
      }
    } finally {
      cluster.stop();
    }
    const client = new pg.Client({ connectionString: cluster.url, connectionTimeoutMillis: 2000 });
    await expect(client.connect()).rejects.toThrow();
  }, 120_000);
});
