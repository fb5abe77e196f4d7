/** One kind of record past its retention (docs/storage.md names each); run by src/retention on the lease holder. */
export interface SweepTask {
  name: string;
  /** Deletes at most `limit` rows that are past their retention; returns how many it deleted or dropped. */
  sweep(now: Date, limit: number): Promise<number>;
}

/** Runs `fn` over partitions until `limit` rows are used up: one bounded range read per partition. */
export async function acrossShards(partitions: readonly string[], limit: number, fn: (partition: string, limit: number) => Promise<number>): Promise<number> {
  let used = 0;
  for (const p of partitions) {
    if (used >= limit) break;
    used += await fn(p, limit - used);
  }
  return used;
}

/** A few requests in flight: quick enough to keep up with the bot's writes, gentle enough not to starve chat turns. */
export async function inParallel<T>(items: readonly T[], fn: (item: T) => Promise<unknown>, width = 4): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) await fn(items[next++] as T);
  };
  await Promise.all(Array.from({ length: Math.min(width, items.length) }, worker));
}
