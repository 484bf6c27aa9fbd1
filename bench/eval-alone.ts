// Section 2 or 3 alone, as `npm run bench` runs it:
//   npx node --expose-gc bench/eval-alone.ts [xpcc|dongying]
import { loadPolicy } from "./bylaw-contender.ts";
import { evalSection } from "./eval-section.ts";
import { dongyingSubject, DONGYING_POLICY, XPCC_POLICY, xpccSubject } from "./run.ts";
import { settings } from "./settings.ts";

const which = process.argv[2] ?? "xpcc";
if (!["xpcc", "dongying"].includes(which)) {
  process.stderr.write("usage: node bench/eval-alone.ts [xpcc|dongying]\n");
  process.exit(2);
}
const s = settings();
if (which === "xpcc") await evalSection(loadPolicy(XPCC_POLICY), xpccSubject(s.claims), s);
else await evalSection(loadPolicy(DONGYING_POLICY), dongyingSubject(s.claims), s);
