// The SQLite store's checkpointer, on its own thread with its own connection: it copies the
// write-ahead log back into the database file every CHECKPOINT_MS, PASSIVE (never waiting on,
// nor blocking, the server's writes). Left to SQLite, a commit that fills the log runs the
// checkpoint itself, fsyncs and all, on the event loop: one settle in a few hundred would
// wait milliseconds for it. Under constant writes a passive checkpoint never catches the
// last commit, and the log would grow without end; so every RESTART_EVERY-th one is a
// RESTART, which holds writers off while it copies the little the passive ones left and
// lets the next commit start the log from its beginning.
import { DatabaseSync } from "node:sqlite";
import { parentPort, workerData } from "node:worker_threads";

const CHECKPOINT_MS = 100;
const RESTART_EVERY = 10;

const db = new DatabaseSync((workerData as { path: string }).path);
db.exec("PRAGMA busy_timeout = 10000");
let tick = 0;
const timer = setInterval(() => {
  try {
    db.exec(`PRAGMA wal_checkpoint(${++tick % RESTART_EVERY === 0 ? "RESTART" : "PASSIVE"})`);
  } catch {
    // busy past the timeout, say: the next tick checkpoints what this one did not
  }
}, CHECKPOINT_MS);
parentPort!.once("message", () => {
  clearInterval(timer);
  db.close();
  parentPort!.close();
});
