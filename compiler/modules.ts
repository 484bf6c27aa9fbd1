// Stage "modules": load the policy, its parents (`extends`) and its imports through the
// host, detect cycles, declare every entity and merge overrides level by level.
//
// Rules (grammar/README.md "Extending a policy"):
// - a child inherits all of its parent's declarations except tests; `override` replaces
//   one (same name, same kind; the type is compared in check-types); redeclaring a
//   parent's name without `override` is an error.
// - every expression resolves bare names in the unit's *final* scope (so an inherited
//   output uses the overridden param), and `base.X` in the scope one level up.
// - an imported policy's declarations are qualified `alias.X`; its inputs, ledger fields
//   and enums are the claim's shared vocabulary, unified by name with the importer's.
import { limitChains } from "./limit-chains.ts";
import type { Decl, EnumDecl, Field, Policy, Span, StringLit } from "../grammar/ast.ts";
import { parse } from "../grammar/parse.ts";
import type { Code } from "./diagnostic-codes.ts";
import type { Sink } from "./diagnostics.ts";
import { scopeKey, type Compilation, type Entity, type EntityNode, type SourceFile, type SymbolKind, type Unit } from "./symbols.ts";
import { UNKNOWN } from "./types.ts";

/** The largest policy file a host serves (a host reading from disk checks it before reading). */
export const MAX_SOURCE_BYTES = 1024 * 1024;

/** A file a host found but will not serve: outside the root once links are resolved, not a
 *  regular file (a device, a FIFO, a folder), or over MAX_SOURCE_BYTES. */
export interface SourceRefusal {
  refused: "outside" | "notFile" | "tooLarge";
}

/** Serves policy files by compiler path; undefined when there is no such file. The compiler
 *  asks only for `.bylaw` paths inside the root folder (see `within`); a host that can see
 *  more (a disk) refuses what links, devices and sizes would let through. */
export interface SourceHost {
  readFile(path: string): string | SourceRefusal | undefined;
  /** the policy's source document (its `source`, beside it), when the host can read it: the
   *  compiler then checks acknowledged figures against it (check-acknowledged.ts) */
  readDocument?(path: string): string | undefined;
}

/** A host that serves text or nothing (in memory, or a disk read without limits in tests). */
export interface TextHost extends SourceHost {
  readFile(path: string): string | undefined;
}

/** The folder holding `file` ("" for the working directory). */
export function folderOf(file: string): string {
  return joinPath(file, ".");
}

/** Whether `path` (normalised by joinPath) lies inside the folder `root`. */
export function within(root: string, path: string): boolean {
  if (root === "") return !path.startsWith("/") && path !== ".." && !path.startsWith("../");
  return path.startsWith(root === "/" ? "/" : root + "/");
}

/** Normalises `dir/../x.bylaw`, `./x.bylaw`; paths are '/'-separated. */
export function joinPath(fromFile: string, rel: string): string {
  // (an absolute `fromFile` splits into a leading "": the "/" is put back below, once)
  const base = rel.startsWith("/") ? [] : fromFile.split("/").slice(0, -1).filter((part) => part !== "");
  for (const part of rel.split("/")) {
    if (part === "" || part === ".") continue;
    if (part === ".." && base.length > 0 && base[base.length - 1] !== "..") base.pop();
    else base.push(part);
  }
  return (rel.startsWith("/") || fromFile.startsWith("/") ? "/" : "") + base.join("/");
}

/** Stage "parse": one file's text into its syntax tree; syntax errors go to the sink. */
export function parseFile(path: string, text: string, index: number, sink: Sink): SourceFile {
  const { ast, errors } = parse(text);
  for (const err of errors) sink.add({ code: err.code, severity: "error", args: err.args, span: err.span, file: path });
  if (ast) limitChains(ast, path, sink);
  for (const name of ast?.unparsedNames ?? []) sink.unparsed.add(name);
  return { path, text, ast, index };
}

class Loader {
  readonly files: SourceFile[] = [];
  private readonly byPath = new Map<string, SourceFile>();
  readonly entities: Entity[] = [];
  private readonly host: SourceHost;
  private readonly sink: Sink;
  /** the folder imports and parents must lie in (normalised, "" for the working directory) */
  private readonly root: string;

  constructor(host: SourceHost, sink: Sink, root: string) {
    this.host = host;
    this.sink = sink;
    this.root = root;
  }

  /** Takes in a parsed file (the root, parsed by the Parse stage, comes first: index 0). */
  adopt(file: SourceFile): SourceFile {
    this.files.push(file);
    this.byPath.set(file.path, file);
    return file;
  }

  /** Loads `rel` as written in `from`: only a `.bylaw` file inside the root folder, and
   *  nothing of a file the host refuses is read or shown (BL7001, BL7009–BL7012 at `lit`). */
  include(from: SourceFile, lit: StringLit): SourceFile | undefined {
    const path = joinPath(from.path, lit.value);
    const known = this.byPath.get(path);
    if (known) return known;
    const refuse = (code: Code, args: Record<string, string | number> = {}) => {
      this.sink.report(code, from.path, lit.span, { path: lit.value, ...args });
      return undefined;
    };
    if (!path.endsWith(".bylaw")) return refuse("BL7010");
    if (!within(this.root, path)) return refuse("BL7009", { root: this.root === "" ? "." : this.root });
    const text = this.host.readFile(path);
    if (text === undefined) return refuse("BL7001");
    if (typeof text !== "string") {
      if (text.refused === "outside") return refuse("BL7009", { root: this.root === "" ? "." : this.root });
      return text.refused === "notFile" ? refuse("BL7011") : refuse("BL7012", { max: MAX_SOURCE_BYTES });
    }
    return this.adopt(parseFile(path, text, this.files.length, this.sink));
  }

  /** Builds the unit rooted at `file`; `stack` holds the paths being built (cycle check). */
  unit(file: SourceFile, prefix: string, stack: string[]): Unit {
    const chain = [file];
    const seen = [...stack, file.path];
    for (let f: SourceFile = file; ; ) {
      const ext = f.ast?.header?.extends;
      if (!ext) break;
      const parent = this.include(f, ext);
      if (!parent) break;
      if (seen.includes(parent.path)) {
        this.cycle(f, ext.span, seen, parent.path);
        break;
      }
      seen.push(parent.path);
      chain.push(parent);
      f = parent;
    }
    const unit: Unit = { file, prefix, chain, levels: [], members: new Map(), imports: new Map() };
    // Declare from the farthest ancestor down, each level starting from its parent's scope.
    for (let level = chain.length - 1; level >= 0; level--) {
      const parentScope = unit.levels[0];
      const scope = new Map(parentScope ?? []);
      unit.levels.unshift(scope);
      this.declareFile(unit, chain[level]!, level, scope, parentScope, seen);
    }
    return unit;
  }

  private cycle(from: SourceFile, span: Span, seen: string[], target: string): void {
    const loop = [...seen.slice(seen.indexOf(target)), target].map((p) => p.split("/").pop()).join(" → ");
    this.sink.report("BL7002", from.path, span, { cycle: loop });
  }

  private newEntity(unit: Unit, file: SourceFile, level: number, kind: SymbolKind, node: EntityNode, name: { text: string; span: Span }, shared: boolean): Entity {
    const e: Entity = {
      id: this.entities.length,
      kind,
      local: name.text,
      irName: shared ? name.text : unit.prefix + name.text,
      nameSpan: name.span,
      file,
      node,
      unit,
      level,
      live: false,
      type: UNKNOWN,
      used: false,
    };
    this.entities.push(e);
    return e;
  }

  private declareFile(unit: Unit, file: SourceFile, level: number, scope: Map<string, Entity>, parentScope: Map<string, Entity> | undefined, stack: string[]): void {
    const ast: Policy | undefined = file.ast;
    if (!ast) return;
    const own = new Map<string, Entity>();
    const bind = (e: Entity, d: Decl) => this.bind(unit, file, scope, parentScope, own, e, d);
    for (const d of ast.decls) {
      if (d.override && !parentScope) this.sink.report("BL7006", file.path, d.override);
      switch (d.kind) {
        case "import": {
          if (!d.path || !d.alias) break;
          const target = this.include(file, d.path);
          if (!target) break;
          if (stack.includes(target.path)) {
            this.cycle(file, d.path.span, stack, target.path);
            break;
          }
          if (unit.imports.has(d.alias.text)) {
            this.sink.report("BL2002", file.path, d.alias.span, { name: d.alias.text });
            break;
          }
          unit.imports.set(d.alias.text, this.unit(target, unit.prefix + d.alias.text + ".", stack));
          break;
        }
        case "enum": {
          if (!d.name) break;
          const en = this.newEntity(unit, file, level, "enum", d, d.name, true);
          bind(en, d);
          const seen = new Map<string, Entity>();
          for (const m of d.members) {
            if (!m.name) continue;
            const me = this.newEntity(unit, file, level, "member", m, m.name, true);
            me.owner = en;
            me.decl = d;
            const dup = seen.get(m.name.text);
            if (dup) {
              this.sink.report("BL2015", file.path, m.name.span, { enum: d.name.text, member: m.name.text }, [
                { span: dup.nameSpan, file: file.path, args: { note: "firstDeclared" } },
              ]);
              continue;
            }
            seen.set(m.name.text, me);
            const list = unit.members.get(m.name.text) ?? [];
            list.push(me);
            unit.members.set(m.name.text, list);
          }
          break;
        }
        case "input":
        case "ledger":
          for (const f of d.fields) {
            if (!f.name) continue;
            const fe = this.newEntity(unit, file, level, d.kind, f, f.name, true);
            fe.decl = d;
            bind(fe, d);
          }
          break;
        case "test":
        case "acknowledge":
          break; // tests and acknowledged figures are read from the root file only (loadProgram, check-acknowledged)
        case "pipeline": {
          if (!d.name) break;
          const pe = this.newEntity(unit, file, level, "pipeline", d, d.name, false);
          const old = bind(pe, d);
          // An overridden pipeline takes its layers with it.
          if (old?.kind === "pipeline") for (const x of this.entities) if (x.owner === old && scope.get(x.local) === x) scope.delete(x.local);
          for (const l of d.layers) {
            if (!l.name) continue;
            const le = this.newEntity(unit, file, level, "layer", l, l.name, false);
            le.owner = pe;
            le.decl = d;
            this.bind(unit, file, scope, undefined, own, le, d);
          }
          if (d.leaves) {
            const le = this.newEntity(unit, file, level, "output", { kind: "leaves", name: d.leaves.name, span: d.leaves.span }, d.leaves.name, false);
            le.owner = pe;
            le.decl = d;
            this.bind(unit, file, scope, undefined, own, le, d);
          }
          break;
        }
        default: {
          if (!d.name) break;
          bind(this.newEntity(unit, file, level, d.kind, d, d.name, false), d);
        }
      }
    }
  }

  /** Puts `e` into the level's scope, applying the override rules; returns the replaced entity. */
  private bind(unit: Unit, file: SourceFile, scope: Map<string, Entity>, parentScope: Map<string, Entity> | undefined, own: Map<string, Entity>, e: Entity, d: Decl): Entity | undefined {
    void unit;
    const key = scopeKey(e);
    const first = own.get(key);
    if (first) {
      this.sink.report("BL2002", file.path, e.nameSpan, { name: e.local }, [{ span: first.nameSpan, file: file.path, args: { note: "firstDeclared" } }]);
      return undefined;
    }
    own.set(key, e);
    const inherited = parentScope?.get(key);
    const isOverride = d.override !== undefined && e.owner === undefined;
    if (isOverride && parentScope) {
      if (!inherited) {
        this.sink.report("BL7003", file.path, e.nameSpan, { keyword: e.kind, name: e.local });
      } else if (inherited.kind !== e.kind) {
        this.sink.report("BL7004", file.path, e.nameSpan, { name: e.local, parentKind: inherited.kind, kind: e.kind }, [
          { span: inherited.nameSpan, file: inherited.file.path, args: { note: "parentDecl" } },
        ]);
      } else {
        e.overridden = inherited;
      }
    } else if (inherited && !isOverride) {
      this.sink.report("BL7007", file.path, e.nameSpan, { name: e.local }, [
        { span: inherited.nameSpan, file: inherited.file.path, args: { note: "parentDecl" } },
      ]);
    }
    scope.set(key, e);
    return inherited;
  }
}

/** Shared vocabulary of an imported unit joins the importer's scope (or unifies with it). */
function attachImports(unit: Unit, sink: Sink): void {
  for (const [alias, imported] of unit.imports) {
    attachImports(imported, sink);
    const mine = unit.levels[0]!;
    for (const e of imported.levels[0]!.values()) {
      if (e.kind !== "input" && e.kind !== "ledger" && e.kind !== "enum") continue;
      const other = mine.get(scopeKey(e));
      if (!other) {
        mine.set(scopeKey(e), e);
        continue;
      }
      if (other === e) continue;
      if (other.kind !== e.kind || !sameShape(other, e)) {
        sink.report("BL7008", other.file.path, other.nameSpan, { name: e.local, alias }, [
          { span: e.nameSpan, file: e.file.path, args: { note: "importedHere" } },
        ]);
        continue;
      }
      e.canonical = other;
    }
    // Members of shared enums: bare member names resolve in the importer too.
    for (const [name, list] of imported.members) {
      const mineList = unit.members.get(name) ?? [];
      for (const m of list) {
        const own = mineList.find((x) => x.owner?.local === m.owner?.local);
        if (own) m.canonical = own;
        else mineList.push(m);
      }
      unit.members.set(name, mineList);
    }
  }
}

/** Declared shape, compared textually (types are not resolved yet). */
function sameShape(a: Entity, b: Entity): boolean {
  const shape = (e: Entity): string => {
    if (e.kind === "enum") return (e.node as EnumDecl).members.map((m) => m.name?.text).join(",");
    const t = (e.node as Field).type;
    if (!t) return "";
    return t.kind === "set" ? `set:${t.of?.text}` : t.name.text;
  };
  return shape(a) === shape(b);
}

/** Stage "modules": the parsed root file with its parents and imports, as units and entities;
 *  imports and parents are read from `folder` (default: the folder holding the root file). */
export function loadProgram(file: SourceFile, host: SourceHost, sink: Sink, folder = folderOf(file.path)): Pick<Compilation, "root" | "files" | "entities" | "tests"> {
  const path = file.path;
  const loader = new Loader(host, sink, joinPath("", folder));
  loader.adopt(file);
  const root = loader.unit(file, "", []);
  attachImports(root, sink);
  markLive(root, loader.entities);
  const tests: Compilation["tests"] = [];
  const titles = new Map<string, Entity>();
  for (const d of file.ast?.decls ?? []) {
    if (d.kind !== "test" || !d.title) continue;
    const name = { text: d.title.value, span: d.title.span };
    const entity: Entity = {
      id: loader.entities.length, kind: "test", local: name.text, irName: name.text, nameSpan: name.span,
      file, node: d, unit: root, level: 0, live: true, type: UNKNOWN, used: true,
    };
    loader.entities.push(entity);
    const first = titles.get(name.text);
    if (first) sink.report("BL2020", path, name.span, { name: name.text }, [{ span: first.nameSpan, file: path, args: { note: "firstDeclared" } }]);
    else titles.set(name.text, entity);
    tests.push({ entity, decl: d });
  }
  return { root, files: loader.files, entities: loader.entities, tests };
}

/** Live = visible in some unit's final scope (not overridden, not unified away); members
 *  follow their enum. */
function markLive(root: Unit, entities: Entity[]): void {
  const visit = (u: Unit) => {
    for (const e of u.levels[0]!.values()) if (!e.canonical && e.unit === u) e.live = true;
    for (const sub of u.imports.values()) visit(sub);
  };
  visit(root);
  for (const e of entities) if (e.kind === "member" && e.owner?.live && !e.canonical) e.live = true;
}
