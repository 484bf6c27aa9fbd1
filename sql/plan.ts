// The columns a settlement computes, and the chain of CTEs they become. Every computed value
// that is read more than once (a define, a ledger's balance, a pipeline's remainder) is a
// column; a column is computed in the first CTE after every column it reads, so a window sum
// over amounts sits one step after the amounts. Columns can be declared before their SQL is
// known (a guard that is the OR of every place reading a define, the claim's error mask):
// levels are worked out once everything is declared.

/** An SQL expression and the computed columns it reads. */
export interface V {
  sql: string;
  deps: ReadonlySet<string>;
}

export const NO_DEPS: ReadonlySet<string> = new Set();

export function v(sql: string, ...from: readonly V[]): V {
  if (from.length === 0) return { sql, deps: NO_DEPS };
  if (from.length === 1) return { sql, deps: from[0]!.deps };
  const deps = new Set<string>();
  for (const f of from) for (const d of f.deps) deps.add(d);
  return { sql, deps };
}

interface Column {
  name: string;
  value: V | undefined;
  /** a running balance of a ledger, or read from one: not known before the claims before it */
  ledger: boolean;
}

export class Plan {
  private readonly columns = new Map<string, Column>();
  private n = 0;
  private readonly ident: (name: string) => string;

  constructor(ident: (name: string) => string) {
    this.ident = ident;
  }

  /** A new column holding `value` (or declared now, `fill`ed later); the reference to it. */
  column(prefix: string, value?: V, ledger = false): V {
    const name = `${prefix}${this.n++}`;
    this.columns.set(name, { name, value, ledger });
    return { sql: this.ident(name), deps: new Set([name]) };
  }

  fill(ref: V, value: V): void {
    this.columns.get(only(ref))!.value = value;
  }

  /** Whether `x` reads a ledger's balance, directly or through other columns. */
  readsLedger(x: V): boolean {
    const seen = new Set<string>();
    const stack = [...x.deps];
    while (stack.length > 0) {
      const c = this.columns.get(stack.pop()!)!;
      if (seen.has(c.name)) continue;
      seen.add(c.name);
      if (c.ledger) return true;
      stack.push(...(c.value?.deps ?? []));
    }
    return false;
  }

  /**
   * The CTEs after `base` (named `${prefix}1`, …) and the name of the last one. Each step lists
   * its columns: the base's (`baseColumns`), and of the computed ones only those a later step or
   * `finals` reads — a window sorts every column it is given, so no column rides further than
   * it is needed.
   */
  stages(base: string, prefix: string, baseColumns: readonly string[], finals: readonly V[]): { ctes: [string, string][]; last: string } {
    const level = new Map<string, number>();
    const levelOf = (name: string, path: Set<string>): number => {
      const known = level.get(name);
      if (known !== undefined) return known;
      if (path.has(name)) throw new Error(`column ${name} depends on itself`);
      path.add(name);
      const c = this.columns.get(name)!;
      if (c.value === undefined) throw new Error(`column ${name} was never given a value`);
      let l = 1;
      for (const d of c.value.deps) l = Math.max(l, levelOf(d, path) + 1);
      path.delete(name);
      level.set(name, l);
      return l;
    };
    // the columns the finals need, and everything they need in turn, with the last level reading each
    const lastUse = new Map<string, number>();
    const stack: [string, number][] = finals.flatMap((f) => [...f.deps].map((d): [string, number] => [d, Infinity]));
    while (stack.length > 0) {
      const [name, at] = stack.pop()!;
      const seen = lastUse.get(name);
      if (seen !== undefined && seen >= at) continue;
      lastUse.set(name, at);
      if (seen !== undefined) continue; // its own inputs were queued when first seen, with a later use still
      const l = levelOf(name, new Set());
      for (const d of this.columns.get(name)!.value!.deps) stack.push([d, l]);
    }
    const used = [...lastUse.keys()].map((name) => this.columns.get(name)!);
    const top = Math.max(0, ...used.map((c) => level.get(c.name)!));
    const ctes: [string, string][] = [];
    let from = base;
    for (let l = 1; l <= top; l++) {
      const carried = used.filter((c) => level.get(c.name)! < l && lastUse.get(c.name)! > l).map((c) => this.ident(c.name));
      const fresh = used.filter((c) => level.get(c.name) === l).map((c) => `${c.value!.sql} AS ${this.ident(c.name)}`);
      const list = [...baseColumns.map(this.ident), ...carried, ...fresh].map((x) => `    ${x}`).join(",\n");
      const name = `${prefix}${l}`;
      ctes.push([name, `  SELECT\n${list}\n  FROM ${from}`]);
      from = name;
    }
    return { ctes, last: from };
  }
}

function only(ref: V): string {
  const [name] = ref.deps;
  return name!;
}
