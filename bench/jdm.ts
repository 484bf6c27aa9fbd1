// Building GoRules JDM decision graphs (the JSON a ZEN engine runs) without the visual
// editor: a straight chain input → nodes… → output, decision tables and expression nodes.
// ZEN's expression language takes ASCII identifiers only, so graph fields are English.

interface JdmNode {
  id: string;
  type: string;
  name: string;
  position: { x: number; y: number };
  content?: unknown;
}

/** A decision table: `rows` give one cell per input, then one per output, in column order. */
export function decisionTable(name: string, hitPolicy: "first" | "collect", inputs: string[], outputs: string[], rows: string[][], outputPath?: string): JdmNode {
  const inCols = inputs.map((field, i) => ({ id: `in${i}`, name: field, field }));
  const outCols = outputs.map((field, i) => ({ id: `out${i}`, name: field, field }));
  const rules = rows.map((cells, r) => {
    const rule: Record<string, string> = { _id: `${name}-${r}` };
    inCols.forEach((c, i) => (rule[c.id] = cells[i]!));
    outCols.forEach((c, i) => (rule[c.id] = cells[inputs.length + i]!));
    return rule;
  });
  return {
    id: name, type: "decisionTableNode", name, position: { x: 0, y: 0 },
    content: { hitPolicy, inputs: inCols, outputs: outCols, rules, passThrough: true, inputField: null, outputPath: outputPath ?? null, executionMode: "single" },
  };
}

/** An expression node: each `[key, expression]` in order; later ones read earlier ones as `$.key`. */
export function expressionNode(name: string, expressions: [string, string][]): JdmNode {
  return {
    id: name, type: "expressionNode", name, position: { x: 0, y: 0 },
    content: { expressions: expressions.map(([key, value], i) => ({ id: `${name}-${i}`, key, value })), passThrough: true, inputField: null, outputPath: null, executionMode: "single" },
  };
}

/** The whole graph: request → each node in turn → response. */
export function chain(nodes: JdmNode[]): { nodes: JdmNode[]; edges: { id: string; sourceId: string; targetId: string; type: string }[] } {
  const all: JdmNode[] = [
    { id: "request", type: "inputNode", name: "request", position: { x: 0, y: 0 } },
    ...nodes,
    { id: "response", type: "outputNode", name: "response", position: { x: 0, y: 0 } },
  ];
  const edges = all.slice(1).map((n, i) => ({ id: `edge${i}`, sourceId: all[i]!.id, targetId: n.id, type: "edge" }));
  return { nodes: all, edges };
}
