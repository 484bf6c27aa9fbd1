// Did-you-mean: the closest known name by edit distance (Levenshtein over code points, so a
// Chinese character counts as one edit). Distances are small integers, not money.

export function editDistance(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  let prev = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const cur = [i];
    for (let j = 1; j <= y.length; j++) {
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (x[i - 1] === y[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[y.length]!;
}

/** The best candidate within a third of the name's length (at least one edit); else the one
 *  candidate that starts with the name (`低保` for `低保对象`, as people shorten names); or "". */
export function suggest(name: string, candidates: Iterable<string>): string {
  const limit = Math.max(1, Math.floor([...name].length / 3));
  let best = "";
  let bestDist = Infinity;
  const longer: string[] = [];
  for (const c of candidates) {
    if (c !== name && name !== "" && c.startsWith(name)) longer.push(c);
    if (c === name) continue;
    const d = editDistance(name, c);
    if (d <= limit && (d < bestDist || (d === bestDist && c < best))) {
      best = c;
      bestDist = d;
    }
  }
  return best !== "" ? best : new Set(longer).size === 1 ? longer[0]! : "";
}
