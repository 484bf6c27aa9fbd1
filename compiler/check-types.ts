// Stage "check types & units": give every entity and expression a type (grammar/README.md
// "Types and units"), report unit errors, and pick bare enum members from their context
// (the other side of ==, the table key, the declared type). Written type names were bound
// by resolve.ts.
import type { Binary, Compare, Decl, Expr, Field, Interval, Layer, LedgerUse, Ref, Span, TableDecl, TypeRef } from "../grammar/ast.ts";
import type { Code } from "./diagnostic-codes.ts";
import { declOf, keysText, type Compilation, type Entity, type LeavesNode } from "./symbols.ts";
import { suggest } from "../grammar/suggest.ts";
import { unitFix } from "./unit-fix.ts";
import {
  arithmetic,
  assignable,
  comparable,
  display,
  enumName,
  enumType,
  isDecimal,
  isEnum,
  isNumber,
  isProblem,
  isSet,
  isUnknown,
  setType,
  UNKNOWN,
  UNLIMITED,
  type Type,
} from "./types.ts";
import { enumTypeOf } from "./resolve.ts";
import { ledgerUses, unparen } from "./walk.ts";


export class TypeChecker {
  private readonly state = new Map<Entity, "busy" | "done">();
  /** entities whose type is being computed, outermost first (to name a cycle) */
  private readonly busy: Entity[] = [];
  /** entity whose expressions are being checked (diagnostics go to its file) */
  private current!: Entity;
  private readonly c: Compilation;
  /** bare members of several enums, with the one their context's type chose (BindMembers binds them) */
  readonly picks = new Map<Ref, { member: Entity; holder: Entity }>();

  constructor(c: Compilation) {
    this.c = c;
  }

  run(): void {
    for (const e of this.c.entities) if (e.kind !== "test") this.typeOf(e);
    for (const e of this.c.entities) if (e.overridden) this.checkOverride(e);
  }

  private report(code: Code, span: Span, args: Record<string, string> = {}): void {
    this.c.sink.report(code, this.current.file.path, span, args);
  }

  /** A type written in `e`'s declaration, as resolve.ts bound it. */
  private written(e: Entity, ref: TypeRef | undefined): Type {
    return (ref && this.c.written.get(e)?.get(ref)) ?? UNKNOWN;
  }

  /** The entity's type, computed on first use (cycles between defines are reported). */
  typeOf(e: Entity): Type {
    const st = this.state.get(e);
    if (st === "done") return e.type;
    if (st === "busy") {
      const saved = this.current;
      this.current = e;
      const loop = [...this.busy.slice(this.busy.indexOf(e)), e].map((x) => x.local).join(" → ");
      this.report("BL2013", e.nameSpan, { name: e.local, cycle: loop });
      this.current = saved;
      return UNKNOWN;
    }
    this.state.set(e, "busy");
    this.busy.push(e);
    const saved = this.current;
    this.current = e;
    e.type = this.compute(e);
    this.current = saved;
    this.busy.pop();
    this.state.set(e, "done");
    return e.type;
  }

  private compute(e: Entity): Type {
    if (e.kind === "member") return e.owner ? enumTypeOf(e.owner) : UNKNOWN;
    if (e.kind === "layer") {
      const value = (e.node as Layer).value;
      if (value) this.expectMoney(value, e.local);
      return "Money";
    }
    if (e.kind === "input" || e.kind === "ledger") return this.field(e, e.node as Field);
    const n = e.node as Decl | LeavesNode;
    switch (n.kind) {
      case "enum":
        return enumTypeOf(e);
      case "param":
      case "define":
      case "output": {
        const written = n.type ? this.written(e, n.type) : undefined;
        const inherited = this.inheritedType(e);
        // a dated param: its first value stands for the value, the later ones must match it
        const [value, ...later] = n.kind === "param" && n.dated ? n.dated.flatMap((r) => (r.value ? [r.value] : [])) : [n.value];
        if (written && inherited && !isUnknown(written) && !isUnknown(inherited) && written !== inherited) {
          // The parent's users expect its type: keep it, so they do not fail in turn.
          this.report("BL7005", n.type!.span, { name: e.local, parentType: display(inherited), type: display(written) });
          for (const v of [value, ...later]) if (v) this.infer(v, written);
          return inherited;
        }
        const declared = inherited ?? written;
        const t = value ? this.infer(value, declared) : UNKNOWN;
        if (n.kind === "param") for (const b of [n.atLeast, n.atMost, ...later]) if (b) this.expectType(b, declared ?? t, "BL3006", e.local);
        if (!declared) return t;
        if (value && !assignable(t, declared)) {
          if (!n.type && e.overridden) this.report("BL7005", value.span, { name: e.local, parentType: display(declared), type: display(t) });
          else this.report("BL3006", value.span, { name: e.local, declared: display(declared), found: display(t), ...unitFix(value, declared), ...this.shareAsRate(value, t, declared) });
        }
        return declared;
      }
      case "alert":
        if (n.when) this.condition(n.when);
        return "Bool";
      case "table":
        return this.table(e);
      case "bands":
        return this.bands(e);
      case "classify":
        return this.classify(e);
      case "pipeline":
        if (n.on) this.expectMoney(n.on, e.local);
        return "Money";
      case "leaves":
        return "Money";
      default:
        return UNKNOWN;
    }
  }

  private field(e: Entity, n: Field): Type {
    const t = this.written(e, n.type);
    if (e.kind === "ledger" && !isUnknown(t) && t !== "Money" && t !== "Int") this.report("BL3048", n.type!.span, { name: e.local, found: display(t) });
    if (e.kind === "input" && n.default) {
      const d = this.infer(n.default, t);
      if (!assignable(d, t)) this.report("BL3007", n.default.span, { name: e.local, declared: display(t), found: display(d), ...unitFix(n.default, t) });
    }
    return t;
  }

  /** An override without a written type takes its parent's. */
  private inheritedType(e: Entity): Type | undefined {
    return e.overridden ? this.typeOf(e.overridden) : undefined;
  }

  private checkOverride(e: Entity): void {
    const p = e.overridden!;
    const n = declOf(e);
    if (!n) return;
    if (n.kind !== "table" && n.kind !== "classify") return; // values: see compute()
    const mine = n.kind === "table" ? this.tableSignature(e) : this.typeOf(e);
    const theirs = n.kind === "table" ? this.tableSignature(p) : this.typeOf(p);
    if (isUnknown(this.typeOf(e)) || isUnknown(this.typeOf(p))) return;
    if (mine !== theirs) {
      this.current = e;
      this.report("BL7005", e.nameSpan, { name: e.local, parentType: display(theirs), type: display(mine) });
    }
  }

  private tableSignature(e: Entity): string {
    return `${keysText(this.c, e)} -> ${display(this.typeOf(e))}`;
  }

  private table(e: Entity): Type {
    const n = declOf(e);
    if (n?.kind !== "table") return UNKNOWN;
    const value = this.written(e, n.valueType);
    if (n.keys) return this.grid(e, n, value);
    const key = this.written(e, n.keyType);
    this.c.keyTypes.set(e, key);
    if (n.keyType && !isUnknown(key) && !isEnum(key) && !isDecimal(key)) this.report("BL3046", n.keyType.span, { name: e.local, found: display(key), ...(key === "Bool" ? { cases: "人群 { 非既往症人群  既往症人群 }" } : {}) });
    const ranged = !isEnum(key);
    for (const row of n.rows) {
      // `a | b`, `_` or several cells: grid syntax in a one-key table
      if (row.cells) this.report("BL3044", row.span, { name: e.local });
      if (ranged && row.key) this.report("BL3023", row.key.span, { name: e.local, expected: display(key), needs: "range row" });
      if (!ranged && row.range && !isUnknown(key)) this.report("BL3023", row.range.span, { name: e.local, expected: display(key), needs: "member row" });
      if (row.range && ranged) this.interval(row.range, key, e.local, "BL3022");
      if (row.value) {
        const t = this.infer(row.value, value);
        if (!assignable(t, value)) this.report("BL3008", row.value.span, { name: e.local, declared: display(value), found: display(t), ...unitFix(row.value, value) });
      }
    }
    return value;
  }

  /** A grid `(K1, K2, …) -> V`: each key an enum or an amount; each row one cell per key, a cell
   *  `_`, members (enum keys) or an interval (amount keys). */
  private grid(e: Entity, n: TableDecl, value: Type): Type {
    const keys = n.keys!.map((k) => this.written(e, k));
    this.c.gridKeys.set(e, keys);
    n.keys!.forEach((k, i) => {
      const t = keys[i]!;
      if (!isUnknown(t) && !isEnum(t) && !isDecimal(t)) this.report("BL3046", k.span, { name: e.local, found: display(t) });
    });
    for (const row of n.rows) {
      const cells = row.cells ?? [];
      if (cells.length !== keys.length) this.report("BL3041", row.span, { name: e.local, expected: String(keys.length), found: String(cells.length) });
      cells.forEach((cell, i) => {
        const key = keys[i];
        if (key === undefined || isUnknown(key)) return;
        if (cell.kind === "members") {
          if (cell.members.length > 1 && cell.members.some((m) => m.text === "_")) this.report("BL3043", cell.span);
          if (!isEnum(key)) this.report("BL3023", cell.span, { name: e.local, expected: display(key), needs: "an interval or `_`" });
        } else if (cell.kind === "range") {
          if (isEnum(key)) this.report("BL3023", cell.span, { name: e.local, expected: display(key), needs: "members or `_`" });
          else this.interval(cell.range, key, e.local, "BL3022");
        }
      });
      if (row.value) {
        const t = this.infer(row.value, value);
        if (!assignable(t, value)) this.report("BL3008", row.value.span, { name: e.local, declared: display(value), found: display(t), ...unitFix(row.value, value) });
      }
    }
    return value;
  }

  /** `自付 / 收入 > 40%` (个人负担占收入的比例超过40%): a share is a Number, so the help writes
   *  the comparison without the division, `自付 > 收入 * 40%`, exact and never dividing by 0. */
  private shareFix(x: Compare): { fix?: string } {
    const [share, rate, flip] = x.left?.kind === "binary" && x.left.op === "/" ? [x.left, x.right, false] : [x.right, x.left, true];
    if (!this.isShare(share) || !rate || this.infer(rate) !== "Rate") return {};
    // a rate written as a sum (`40% + 5pp`) is put in parentheses: `*` binds tighter than `+`
    const r = rate.kind === "binary" ? `(${this.src(rate)})` : this.src(rate);
    const parts = [this.src(share.left), x.op, `${this.src(share.right)} * ${r}`];
    return { fix: (flip ? parts.reverse() : parts).join(" ") };
  }

  /** `output 比例: Rate = 自付 / 收入`: the share as a Rate is `自付 / 收入 * 100%`. */
  private shareAsRate(value: Expr, found: Type, declared: Type): { fix?: string } {
    return found === "Number" && declared === "Rate" && this.isShare(value) ? { fix: `${this.src(value)} * 100%` } : {};
  }

  /** One amount divided by another: a Number. */
  private isShare(e: Expr | undefined): e is Binary & { left: Expr; right: Expr } {
    return e?.kind === "binary" && e.op === "/" && !!e.left && !!e.right && this.infer(e.left) === "Money" && this.infer(e.right) === "Money";
  }

  private src(e: Expr): string {
    return this.current.file.text.slice(e.span.start, e.span.end);
  }

  private interval(iv: Interval, want: Type, name: string, code: Code): void {
    for (const b of iv.point ? [iv.low] : [iv.low, iv.high]) {
      if (!b) continue;
      const t = this.infer(b, want);
      if (!comparable(t, want) && !isUnknown(want)) this.report(code, b.span, { name, expected: display(want), found: display(t), declared: display(want), ...unitFix(b, want) });
    }
  }

  private bands(e: Entity): Type {
    const n = declOf(e);
    if (n?.kind !== "bands") return UNKNOWN;
    this.c.keyTypes.set(e, "Money");
    for (const row of n.rows) {
      if (row.range) this.interval(row.range, "Money", e.local, "BL3008");
      if (row.rate) {
        const t = this.infer(row.rate, "Rate");
        if (t !== "Rate" && !isUnknown(t)) this.report("BL3008", row.rate.span, { name: e.local, declared: "Rate", found: display(t), ...unitFix(row.rate, "Rate") });
      }
    }
    if (n.derived) {
      if (n.derived.add) {
        const t = this.infer(n.derived.add);
        if (t !== "Points" && !isUnknown(t)) this.report("BL3030", n.derived.add.span, { found: display(t) });
      }
    }
    return "Money";
  }

  private classify(e: Entity): Type {
    const n = declOf(e);
    if (n?.kind !== "classify") return UNKNOWN;
    const result = this.written(e, n.resultType);
    let bound: Type | undefined;
    for (const row of n.rows) {
      for (const b of [row.range?.low, row.range?.high]) {
        if (!b) continue;
        const t = this.infer(b);
        if (isUnknown(t)) continue;
        if (!bound) bound = t;
        else if (!comparable(t, bound)) this.report("BL3008", b.span, { name: e.local, declared: display(bound), found: display(t) });
      }
    }
    this.c.keyTypes.set(e, bound ?? "Money");
    return result;
  }

  /** Deductibles, caps and bands on the year's amount record money: a counting field cannot take them. */
  private amountLedger(use: LedgerUse): void {
    const field = this.c.ledgers.get(use);
    if (field && this.typeOf(field) === "Int") this.report("BL3049", use.field.span, { name: field.local });
  }

  private expectMoney(x: Expr, name: string): void {
    const t = this.infer(x, "Money");
    if (t !== "Money" && !isUnknown(t)) this.report("BL3024", x.span, { name, found: display(t), ...unitFix(x, "Money") });
  }

  private expectType(x: Expr, want: Type, code: Code, name: string): void {
    const t = this.infer(x, want);
    if (!assignable(t, want)) this.report(code, x.span, { name, declared: display(want), found: display(t), ...unitFix(x, want) });
  }

  private condition(x: Expr): void {
    const t = this.infer(x, "Bool");
    if (t !== "Bool" && !isUnknown(t)) this.report("BL3005", x.span, { found: display(t) });
  }

  /** A bare reference that names enum members only: its type comes from the context. */
  private isContextual(x: Expr | undefined): boolean {
    const u = unparen(x);
    if (u?.kind === "set") return true;
    if (u?.kind !== "ref" || u.qualifier || u.base) return false;
    const r = this.c.res.get(u);
    return r !== undefined && r.every((e) => e.kind === "member");
  }

  /** Infers the type of `x`; `expected` only guides bare enum members and set literals. */
  infer(x: Expr, expected?: Type): Type {
    if (x.kind !== "cumulative") for (const use of ledgerUses(x)) this.amountLedger(use);
    const t = this.inferNode(x, expected);
    this.c.types.set(x, t);
    return t;
  }

  private inferNode(x: Expr, expected?: Type): Type {
    switch (x.kind) {
      case "number":
        return x.value.includes(".") ? "Number" : "Int";
      case "money":
        return "Money";
      case "rate":
        return "Rate";
      case "points":
        return "Points";
      case "date":
        return "Date";
      case "duration":
        return "Duration";
      case "string":
        return "Text";
      case "bool":
        return "Bool";
      case "unlimited":
        return UNLIMITED;
      case "remaining":
        return "Money";
      case "claimDate":
        return "Date";
      case "paren":
        return x.inner ? this.infer(x.inner, expected) : UNKNOWN;
      case "ref":
        return this.ref(x, expected);
      case "set": {
        const want = expected && isSet(expected) ? enumType(enumName(expected)) : undefined;
        let elem = want;
        for (const item of x.items) {
          const t = this.infer(item, elem);
          if (isUnknown(t)) continue;
          if (!isEnum(t) || (elem && t !== elem)) this.report("BL3014", item.span, { found: display(t), expected: elem ? display(elem) : "enum" });
          else elem ??= t;
        }
        return elem ? setType(enumName(elem)) : "set:?";
      }
      case "neg": {
        const t = x.operand ? this.infer(x.operand, expected) : UNKNOWN;
        if (!isUnknown(t) && !isDecimal(t)) {
          this.report("BL3028", x.span, { found: display(t) });
          return UNKNOWN;
        }
        return t;
      }
      case "binary": {
        if (!x.left || !x.right) return UNKNOWN;
        const l = this.infer(x.left);
        const r = this.infer(x.right);
        const res = arithmetic(x.op, l, r);
        if (!isProblem(res)) return res;
        const side = res.pointsAt === "left" ? x.left : res.pointsAt === "right" ? x.right : undefined;
        const span = side ?? x;
        const text = side ? this.current.file.text.slice(side.span.start, side.span.end) : "";
        // `1 - 25%`, `自付 - 100`: a bare number beside an amount with a unit most likely lacks its unit
        const fix = x.op === "+" || x.op === "-" ? { ...unitFix(x.left, r), ...unitFix(x.right, l) } : {};
        this.report(res.code, span.span, { ...res.args, text, ...fix });
        return UNKNOWN;
      }
      case "compare": {
        if (!x.left || !x.right) return "Bool";
        let l: Type, r: Type;
        if (this.isContextual(x.left) && !this.isContextual(x.right)) {
          r = this.infer(x.right);
          l = this.infer(x.left, r);
        } else {
          l = this.infer(x.left);
          r = this.infer(x.right, l);
        }
        if (isUnknown(l) || isUnknown(r)) return "Bool";
        if ((l === "Money" && r === "Rate") || (l === "Rate" && r === "Money")) this.report("BL3004", x.span);
        else if (!comparable(l, r)) this.report("BL3019", x.span, { left: display(l), right: display(r), ...this.shareFix(x) });
        // the runtime compares one value with another, never two sets (runtime/load/check-ir.ts)
        else if (isSet(l) || isSet(r)) this.report("BL3047", x.opSpan, { op: x.op });
        else if (x.op !== "==" && x.op !== "!=" && !isDecimal(l) && l !== "Date") this.report("BL3029", x.opSpan, { op: x.op, found: display(l) });
        return "Bool";
      }
      case "logical":
        if (x.left) this.condition(x.left);
        if (x.right) this.condition(x.right);
        return "Bool";
      case "not":
        if (x.operand) this.condition(x.operand);
        return "Bool";
      case "in": {
        let setT = UNKNOWN;
        let itemT = UNKNOWN;
        if (x.set && unparen(x.set)?.kind === "set" && x.item) {
          itemT = this.infer(x.item);
          setT = this.infer(x.set, isEnum(itemT) ? setType(enumName(itemT)) : undefined);
        } else {
          if (x.set) setT = this.infer(x.set);
          if (x.item) itemT = this.infer(x.item, isSet(setT) ? enumType(enumName(setT)) : undefined);
        }
        if (isUnknown(setT) || isUnknown(itemT)) return "Bool";
        if (!isSet(setT)) this.report("BL3013", x.set!.span, { found: display(setT) });
        else if (setT !== "set:?" && itemT !== enumType(enumName(setT))) this.report("BL3014", x.item!.span, { found: display(itemT), expected: enumName(setT) });
        return "Bool";
      }
      case "if": {
        if (x.cond) this.condition(x.cond);
        const a = x.then ? this.infer(x.then, expected) : UNKNOWN;
        const b = x.else ? this.infer(x.else, isUnknown(a) ? expected : a) : UNKNOWN;
        if (isUnknown(a)) return b;
        if (isUnknown(b)) return a;
        if (assignable(b, a)) return a;
        if (assignable(a, b)) return b;
        // `if 特困 then unlimited else 40万元`: a limit one way, an amount the other
        if (assignable(a, "Limit") && assignable(b, "Limit")) return "Limit";
        this.report("BL3021", x.span, { then: display(a), else: display(b) });
        return UNKNOWN;
      }
      case "above": {
        const v = x.value ? this.infer(x.value, "Money") : UNKNOWN;
        const th = x.threshold ? this.infer(x.threshold, "Money") : UNKNOWN;
        if (!isUnknown(v) && !isUnknown(th) && (v !== "Money" || th !== "Money")) this.report("BL3009", x.span, { left: display(v), right: display(th), ...unitFix(v === "Money" ? x.threshold : x.value, "Money") });
        return "Money";
      }
      case "cap": {
        const v = x.value ? this.infer(x.value, expected) : UNKNOWN;
        for (const lim of x.limits) {
          if (lim.when) this.condition(lim.when);
          if (!lim.limit) continue;
          const t = this.infer(lim.limit, v);
          if (isUnknown(v) || isUnknown(t)) continue;
          const ok = v === "Money" ? t === "Money" || t === "Limit" || t === UNLIMITED : !lim.ledger && isDecimal(v) && comparable(v, t);
          if (!ok) this.report("BL3010", lim.span, { left: display(v), right: display(t), ...unitFix(lim.limit, v) });
        }
        return v;
      }
      case "atLeast": {
        const v = x.value ? this.infer(x.value, expected) : UNKNOWN;
        const f = x.floor ? this.infer(x.floor, v) : UNKNOWN;
        if (!isUnknown(v) && !isUnknown(f) && (!isDecimal(v) || !comparable(v, f))) this.report("BL3018", x.span, { op: "at least", left: display(v), right: display(f) });
        return v;
      }
      case "apply": {
        const b = this.c.res.get(x.bands)?.[0];
        if (!b) {
          if (x.value) this.infer(x.value);
          return UNKNOWN;
        }
        const bt = this.typeOf(b);
        const want = this.c.keyTypes.get(b) ?? "Money";
        const v = x.value ? this.infer(x.value, want) : UNKNOWN;
        if (!isUnknown(v) && !comparable(v, want)) this.report("BL3012", x.value!.span, { name: b.local, expected: display(want), found: display(v), ...unitFix(x.value, want) });
        if (b.kind === "classify") {
          if (x.ledger) this.report("BL3026", x.ledger.span, { name: b.local });
          return bt;
        }
        return "Money";
      }
      case "cumulative": {
        // a Money field adds up amounts; an Int field counts (年度第几次住院)
        const field = x.ledger && this.c.ledgers.get(x.ledger);
        const want = field ? this.typeOf(field) : "Money";
        const v = x.value ? this.infer(x.value, want) : UNKNOWN;
        if (!isUnknown(v) && !isUnknown(want) && v !== want) this.report("BL3025", x.value!.span, { field: field?.local ?? "", expected: display(want), found: display(v), ...unitFix(x.value, want) });
        return isUnknown(want) ? "Money" : want;
      }
      case "highest": {
        const t = this.c.res.get(x.table)?.[0];
        if (!t) {
          if (x.set) this.infer(x.set);
          return UNKNOWN;
        }
        const value = this.typeOf(t);
        const key = this.c.keyTypes.get(t) ?? UNKNOWN;
        // an enum table gives the member first in its enum; an amount table the greatest amount
        if (this.c.gridKeys.has(t) || !isEnum(key) || !(isEnum(value) || isDecimal(value) || value === "Limit")) {
          if (this.c.gridKeys.has(t) || (!isUnknown(key) && !isUnknown(value))) this.report("BL3027", x.table.span, { name: t.local, found: this.tableSignature(t) });
          if (x.set) this.infer(x.set);
          return UNKNOWN;
        }
        const s = x.set ? this.infer(x.set, setType(enumName(key))) : UNKNOWN;
        if (!isUnknown(s) && s !== setType(enumName(key)) && s !== "set:?") {
          if (!isSet(s)) this.report("BL3013", x.set!.span, { found: display(s) });
          else this.report("BL3014", x.set!.span, { found: display(s), expected: enumName(key) });
        }
        return value;
      }
      case "index": {
        const t = this.c.res.get(x.table)?.[0];
        if (!t) {
          if (x.key) this.infer(x.key);
          for (const k of x.moreKeys ?? []) this.infer(k);
          return UNKNOWN;
        }
        const value = this.typeOf(t);
        const grid = this.c.gridKeys.get(t);
        const given = [x.key, ...(x.moreKeys ?? [])];
        if (grid || x.moreKeys) {
          const want = grid ?? [this.c.keyTypes.get(t) ?? UNKNOWN];
          if (given.length !== want.length) this.report("BL3042", x.span, { name: t.local, expected: String(want.length), found: String(given.length) });
          given.forEach((g, i) => {
            if (!g) return;
            const key = want[i] ?? UNKNOWN;
            const k = this.infer(g, key);
            if (!isUnknown(k) && !isUnknown(key) && !comparable(k, key)) this.report("BL3022", g.span, { name: t.local, expected: display(key), found: display(k) });
          });
          return value;
        }
        const key = this.c.keyTypes.get(t) ?? UNKNOWN;
        const k = x.key ? this.infer(x.key, key) : UNKNOWN;
        if (!isUnknown(k) && !isUnknown(key) && !comparable(k, key)) this.report("BL3022", x.key!.span, { name: t.local, expected: display(key), found: display(k) });
        return value;
      }
      case "call":
        return this.call(x, expected);
    }
  }

  private call(x: Extract<Expr, { kind: "call" }>, expected?: Type): Type {
    const name = x.callee.text;
    const args = x.args.map((a) => this.infer(a, expected));
    if (name === "round") {
      if (args.length < 1 || args.length > 2) {
        this.report("BL3016", x.span, { name, expected: "1–2", found: String(args.length) });
        return "Money";
      }
      for (let i = 0; i < args.length; i++) {
        const t = args[i]!;
        if (!isUnknown(t) && t !== "Money") this.report("BL3017", x.args[i]!.span, { name, expected: "money", found: display(t) });
      }
      return "Money";
    }
    if (name === "count") {
      // how many members a set holds (每增加一个病种…)
      if (args.length !== 1) this.report("BL3016", x.span, { name, expected: "1", found: String(args.length) });
      else if (!isUnknown(args[0]!) && !isSet(args[0]!)) this.report("BL3017", x.args[0]!.span, { name, expected: "a set", found: display(args[0]!) });
      return "Int";
    }
    if (name !== "min" && name !== "max") return UNKNOWN;
    if (args.length < 2) {
      this.report("BL3016", x.span, { name, expected: "2+", found: String(args.length) });
      return args[0] ?? UNKNOWN;
    }
    let result: Type = UNKNOWN;
    for (let i = 0; i < args.length; i++) {
      const t = args[i]!;
      if (isUnknown(t)) continue;
      if (!isDecimal(t) || (!isUnknown(result) && !comparable(t, result))) {
        // `max(自付 - 1000元, 0)`: the bare 0 beside an amount lacks its unit
        this.report("BL3017", x.args[i]!.span, { name, expected: "numbers", found: display(t), ...unitFix(x.args[i], result) });
        return UNKNOWN;
      }
      result = isUnknown(result) || (isNumber(result) && t === "Number") ? t : result;
    }
    return result;
  }

  private ref(x: Ref, expected?: Type): Type {
    const list = this.c.res.get(x);
    if (!list || list.length === 0) return UNKNOWN;
    // Enum members: qualified ones are fixed; bare ones are chosen by the expected enum.
    const wantEnum = expected && isEnum(expected) ? expected : undefined;
    if (list.length === 1 && list[0]!.kind !== "member") {
      // `项目 == 津贴` beside an output 津贴: where an enum is expected, its member of that name
      const member = wantEnum && !x.qualifier ? this.current.unit.members.get(x.name.text)?.find((m) => enumTypeOf(m.owner!) === wantEnum) : undefined;
      if (member === undefined) return this.typeOf(list[0]!);
      this.picks.set(x, { member, holder: this.current });
      return wantEnum!;
    }
    const pick = wantEnum ? list.find((m) => enumTypeOf(m.owner!) === wantEnum) : list.length === 1 ? list[0] : undefined;
    if (!pick) {
      if (wantEnum && !x.qualifier) {
        const en = this.findEnum(wantEnum);
        const d = en && declOf(en);
        const names = d?.kind === "enum" ? d.members.map((m) => m.name.text) : [];
        this.report("BL2003", x.name.span, { member: x.name.text, enum: enumName(wantEnum), suggestion: suggest(x.name.text, names) });
        return UNKNOWN;
      }
      if (list.length === 1) return enumTypeOf(list[0]!.owner!);
      const enums = list.map((m) => m.owner!.local);
      this.report("BL2014", x.span, { member: x.name.text, enums: enums.join(", "), enum: enums[0]! });
      return UNKNOWN;
    }
    if (list.length > 1) this.picks.set(x, { member: pick, holder: this.current }); // known now, by its type
    return enumTypeOf(pick.owner!);
  }

  private findEnum(t: Type): Entity | undefined {
    return this.c.entities.find((e) => e.kind === "enum" && enumTypeOf(e) === t);
  }

  /** Checks an expression standing alone (tests), with diagnostics in `file` of `holder`. */
  inferIn(holder: Entity, x: Expr, expected?: Type): Type {
    const saved = this.current;
    this.current = holder;
    const t = this.infer(x, expected);
    this.current = saved;
    return t;
  }
}

export function checkTypes(c: Compilation): TypeChecker {
  const tc = new TypeChecker(c);
  tc.run();
  return tc;
}
