// A throwaway PostgreSQL cluster for the tests: Debian's `postgresql` binaries, `initdb` into a
// temporary folder as the `postgres` user, a free port on 127.0.0.1, stopped (and its folder
// removed) after. Tests that need it run when the binaries are there and always under CI=true,
// where a missing server is a failure, never a skip.
import { execFileSync, spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

const DEBIAN_ROOT = "/usr/lib/postgresql";

/** The newest installed server's bin folder (PG_BIN overrides), or undefined. */
export function postgresBin(): string | undefined {
  if (process.env.PG_BIN) return process.env.PG_BIN;
  if (!existsSync(DEBIAN_ROOT)) return undefined;
  const versions = readdirSync(DEBIAN_ROOT)
    .filter((v) => existsSync(join(DEBIAN_ROOT, v, "bin", "initdb")))
    .sort((a, b) => Number(b) - Number(a));
  return versions.length > 0 ? join(DEBIAN_ROOT, versions[0], "bin") : undefined;
}

export const hasPostgres = postgresBin() !== undefined;
/** Run the PostgreSQL tests when the server is installed, and always on CI. */
export const runPostgresTests = hasPostgres || process.env.CI === "true";
/** Why the tests are skipped, for the warning a skipping suite prints. */
export const POSTGRES_SKIP_REASON =
  `no PostgreSQL server binaries under ${DEBIAN_ROOT}/*/bin (apt-get install -y postgresql); with CI=true this is a failure`;

export interface Cluster {
  /** A connection string for the superuser `postgres` on database `postgres`. */
  url: string;
  port: number;
  stop(): void;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

/** Runs a server binary as the `postgres` user when we are root (initdb refuses root), else as ourselves. */
function runAs(bin: string, args: string[]): void {
  const asRoot = process.getuid?.() === 0;
  const [command, argv] = asRoot ? ["runuser", ["-u", "postgres", "--", bin, ...args]] : [bin, args];
  const run = spawnSync(command, argv, { encoding: "utf8", timeout: 60_000 });
  if (run.status !== 0) {
    throw new Error(`${bin} ${args.join(" ")} failed (${run.status ?? run.signal}): ${run.stderr || run.stdout}`);
  }
}

/** Starts a fresh cluster; throws with the reason when it cannot. */
export async function startCluster(): Promise<Cluster> {
  const bin = postgresBin();
  if (!bin) throw new Error(POSTGRES_SKIP_REASON);
  const dir = mkdtempSync(join(tmpdir(), "bylaw-pg-"));
  const data = join(dir, "data");
  if (process.getuid?.() === 0) execFileSync("chown", ["postgres:postgres", dir]);
  chmodSync(dir, 0o700);
  const port = await freePort();
  const stop = () => {
    if (existsSync(join(data, "postmaster.pid"))) {
      try {
        runAs(join(bin, "pg_ctl"), ["stop", "-D", data, "-m", "immediate", "-w"]);
      } catch {
        // Already gone: the folder is removed below either way.
      }
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    runAs(join(bin, "initdb"), ["-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"]);
    // Loopback only, the socket inside the throwaway folder, and no durability a test needs.
    writeFileSync(
      join(dir, "server.conf"),
      [`listen_addresses = '127.0.0.1'`, `port = ${port}`, `unix_socket_directories = '${dir}'`, "fsync = off",
        "synchronous_commit = off", "full_page_writes = off", "max_connections = 200"].join("\n") + "\n",
    );
    execFileSync("sh", ["-c", `cat '${join(dir, "server.conf")}' >> '${join(data, "postgresql.conf")}'`]);
    if (process.getuid?.() === 0) execFileSync("chown", ["postgres:postgres", join(data, "postgresql.conf")]);
    runAs(join(bin, "pg_ctl"), ["start", "-D", data, "-l", join(dir, "server.log"), "-w", "-t", "60"]);
  } catch (error) {
    stop();
    throw error;
  }
  return { url: `postgresql://postgres@127.0.0.1:${port}/postgres`, port, stop };
}
