// The compiler's model of a program: source files, units (a policy with its extends-chain
// and imports) and entities (every named thing). Stages share one Compilation.
import type {
  Decl,
  EnumMember,
  Expr,
  Field,
  Layer,
  LedgerUse,
  Name,
  Policy,
  Ref,
  Span,
  TestDecl,
  TypeRef,
} from "../grammar/ast.ts";
import type { Sink } from "./diagnostics.ts";
import { display, type Type } from "./types.ts";

export type SymbolKind =
  | "input"
  | "param"
  | "table"
  | "bands"
  | "classify"
  | "define"
  | "output"
  | "alert"
  | "enum"
  | "member"
  | "ledger"
  | "pipeline"
  | "layer"
  | "test";

export interface SourceFile {
  path: string;
  text: string;
  ast?: Policy;
  /** index into Artifact.sources (and SrcSpan[0]) */
  index: number;
}

/** The `leaves` clause of a pipeline, as an entity node. */
export interface LeavesNode {
  kind: "leaves";
  name: Name;
  span: Span;
}

export type EntityNode = Decl | Field | EnumMember | Layer | LeavesNode;

export interface Entity {
  id: number;
  kind: SymbolKind;
  /** the name as written */
  local: string;
  /** the name in the IR: imported declarations are qualified `alias.X` */
  irName: string;
  nameSpan: Span;
  file: SourceFile;
  node: EntityNode;
  /** the declaration holding a field, member, layer (the input/ledger/enum/pipeline decl) */
  decl?: Decl;
  /** the unit whose scope resolves this entity's expressions */
  unit: Unit;
  /** 0 = declared in the unit's own file, 1 = in its parent, … (for `base.X`) */
  level: number;
  /** the parent's declaration this one overrides */
  overridden?: Entity;
  /** part of the compiled program (false when overridden, or unified with another) */
  live: boolean;
  /** enum of a member; pipeline of a layer */
  owner?: Entity;
  /** shared vocabulary (input, ledger field, enum, member) unified with the importer's */
  canonical?: Entity;
  /** filled by check-types */
  type: Type;
  used: boolean;
}

export interface Unit {
  file: SourceFile;
  /** "" for the root policy, "alias." for an imported one */
  prefix: string;
  /** the unit's file, its parent, its grandparent… */
  chain: SourceFile[];
  /** names visible at each level of the chain; levels[0] is the unit's final scope */
  levels: Map<string, Entity>[];
  /** enum members by bare name (several enums may share one) */
  members: Map<string, Entity[]>;
  imports: Map<string, Unit>;
}

/** What a reference resolved to: one entity, or several enum members to pick from by type. */
export type Resolution = Entity[];

export interface Compilation {
  root: Unit;
  files: SourceFile[];
  sink: Sink;
  entities: Entity[];
  /** the root policy's tests (parents' tests are not inherited) */
  tests: { entity: Entity; decl: TestDecl }[];
  res: Map<Ref, Resolution>;
  /** the ledger field each `per year using F` names (set by resolve.ts) */
  ledgers: Map<LedgerUse, Entity>;
  /** the types written in each entity's declaration (`Money`, `类别`, `set of 身份`), resolved by resolve.ts */
  written: Map<Entity, Map<TypeRef, Type>>;
  types: Map<Expr, Type>;
  /** key type of a table; bound type of a classification (set by check-types) */
  keyTypes: Map<Entity, Type>;
  /** key types of a grid table `(K1, K2, …) -> V`, in order (set by check-types) */
  gridKeys: Map<Entity, Type[]>;
  references: { span: Span; symbol: number; file: SourceFile }[];
  /** declarations the program reads as `base.X` though overridden (not live): lowered under
   *  `base.` names, so checked like live ones (set by resolve.ts) */
  hidden: Set<Entity>;
}

/** Part of the compiled program: live, or read through `base.X` (checked either way). */
export const inProgram = (c: Compilation, e: Entity): boolean => e.live || c.hidden.has(e);

/** Enums live in their own (type) namespace: an input may share its enum's name
 *  (`类别: 类别`). Scope maps key them with a prefix no identifier can contain. */
export const enumKey = (name: string): string => `enum ${name}`;
export const scopeKey = (e: Entity): string => (e.kind === "enum" ? enumKey(e.local) : e.local);

/** The entity that stands for `e` in the compiled program. */
export const canon = (e: Entity): Entity => (e.canonical ? canon(e.canonical) : e);

/** The members of the enum type `enumType` (`enum:类别`), in declaration order (most favourable first). */
export function membersOf(c: Compilation, enumType: Type): string[] {
  return c.entities.filter((m) => m.kind === "member" && !m.canonical && m.owner && `enum:${canon(m.owner).irName}` === enumType).map((m) => m.local);
}

/** The declaration node of a declaration-like entity (not fields, members, layers). */
export function declOf(e: Entity): Decl | LeavesNode | undefined {
  return e.kind === "input" || e.kind === "ledger" || e.kind === "member" || e.kind === "layer" ? undefined : (e.node as Decl | LeavesNode);
}

/** A table's key as written: `K`, or `(K1, K2, …)` for a grid. */
export function keysText(c: Compilation, e: Entity): string {
  const grid = c.gridKeys.get(e);
  return grid ? `(${grid.map(display).join(", ")})` : display(c.keyTypes.get(e) ?? "?");
}
