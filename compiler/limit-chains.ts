// Part of stage "Modules": a chain of one operator (`a + b + …`, `x or y or …`) is as deep as
// it is long in the syntax tree, and every later stage walks that tree recursively. A chain
// longer than MAX_CHAIN is reported (BL1008) and cut there, so the stages after it stay
// within the stack; shorter chains are lowered flat (lower.ts), so the runtime's depth limit
// never counts them.
import type { Expr, Policy } from "../grammar/ast.ts";
import type { Sink } from "./diagnostics.ts";

export const MAX_CHAIN = 1000;

type Chained = Extract<Expr, { kind: "binary" | "logical" }>;

/** The operators of one precedence level continue a chain (the parser nests other levels). */
function continues(x: Chained, y: Expr | undefined): y is Chained {
  if (y?.kind !== x.kind) return false;
  if (x.kind === "logical") return (y as Chained).op === x.op;
  const additive = (op: string) => op === "+" || op === "-";
  return additive(x.op) === additive((y as Chained).op);
}

/** Walks the whole tree without recursion; reports and cuts each over-long chain. The parser
 *  counted the longest chain: most files have none to cut, and are not walked. */
export function limitChains(ast: Policy, path: string, sink: Sink): void {
  if ((ast.longestChain ?? Infinity) <= MAX_CHAIN) return;
  const stack: unknown[] = [ast];
  const inChain = new Set<Expr>();
  while (stack.length > 0) {
    const v = stack.pop();
    if (typeof v !== "object" || v === null) continue;
    const node = v as { kind?: unknown };
    if ((node.kind === "binary" || node.kind === "logical") && !inChain.has(node as Expr)) {
      const top = node as Chained;
      let y: Chained = top, length = 1;
      while (continues(top, y.left)) {
        y = y.left;
        inChain.add(y);
        if (++length === MAX_CHAIN + 1) {
          const at = y.kind === "binary" ? y.opSpan : y.span;
          sink.report("BL1008", path, at, { max: String(MAX_CHAIN) });
          y.left = undefined; // a recovered tree: the stages skip what is missing
          break;
        }
      }
    }
    for (const child of Object.values(v)) if (typeof child === "object" && child !== null) stack.push(child);
  }
}
