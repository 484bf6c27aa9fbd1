// Object.groupBy (Node 21) for the bundled Chevrotain, which is built for Node 22: `npm run pack`
// points `Object.groupBy` in the bylaw package's bundle here, so Node 20 runs it and no global
// is touched. Where the built-in exists, it is the built-in.
type GroupBy = <T, K extends PropertyKey>(items: Iterable<T>, key: (item: T, index: number) => K) => Partial<Record<K, T[]>>;

export const objectGroupBy: GroupBy =
  (Object as { groupBy?: GroupBy }).groupBy?.bind(Object) ??
  (<T, K extends PropertyKey>(items: Iterable<T>, key: (item: T, index: number) => K) => {
    const groups = Object.create(null) as Partial<Record<K, T[]>>;
    let i = 0;
    for (const item of items) (groups[key(item, i++)] ??= []).push(item);
    return groups;
  });
