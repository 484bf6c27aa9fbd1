// Older artifact formats, read by rewriting them into the current one after their integrity
// was checked (the hash covers what the older compiler wrote) and before their shape is.
// Format 1 → 2: `and`/`or` held two operands `a` and `b`; now a list `xs`.

/** Rewrites a format-1 IR in place. Iterative and cycle-safe: the input is not validated yet. */
export function upgradeFormat1(ir: unknown): void {
  const seen = new Set<object>();
  const stack: unknown[] = [ir];
  while (stack.length > 0) {
    const v = stack.pop();
    if (typeof v !== "object" || v === null || seen.has(v)) continue;
    seen.add(v);
    const o = v as Record<string, unknown>;
    if ((o.k === "and" || o.k === "or") && Object.hasOwn(o, "a") && Object.hasOwn(o, "b") && !Object.hasOwn(o, "xs")) {
      o.xs = [o.a, o.b];
      delete o.a;
      delete o.b;
    }
    stack.push(...Object.values(o));
  }
}
