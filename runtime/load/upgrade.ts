// Older artifact formats, read by rewriting them into the current one after their integrity
// was checked (the hash covers what the older compiler wrote) and before their shape is.
// Format 1 → 2: `and`/`or` held two operands `a` and `b`; now a list `xs`.
// Format 2 → 3: a declaration cited one `section`; now a list `sections`.

/** Calls `visit` on every object under `root`. Iterative and cycle-safe: the input is not validated yet. */
function eachObject(root: unknown, visit: (o: Record<string, unknown>) => void): void {
  const seen = new Set<object>();
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const v = stack.pop();
    if (typeof v !== "object" || v === null || seen.has(v)) continue;
    seen.add(v);
    const o = v as Record<string, unknown>;
    visit(o);
    stack.push(...Object.values(o));
  }
}

/** Rewrites a format-1 IR in place. */
export function upgradeFormat1(ir: unknown): void {
  eachObject(ir, (o) => {
    if ((o.k === "and" || o.k === "or") && Object.hasOwn(o, "a") && Object.hasOwn(o, "b") && !Object.hasOwn(o, "xs")) {
      o.xs = [o.a, o.b];
      delete o.a;
      delete o.b;
    }
  });
}

/** Rewrites the declarations of a format-2 (or older) artifact in place: `section: s` becomes
 *  `sections: [s]`. The policy header keeps its one `section`; only schema, ledger and IR
 *  declarations cite a list. */
export function upgradeFormat2(artifact: Record<string, unknown>): void {
  for (const part of [artifact.schema, artifact.ledger, artifact.ir]) {
    eachObject(part, (o) => {
      if (typeof o.section === "string" && !Object.hasOwn(o, "sections")) {
        o.sections = [o.section];
        delete o.section;
      }
    });
  }
}
