import { Collection, Stored } from './store';

/**
 * Reads a queue-like collection that holds only unfinished work (the outbox's pending index, the event inbox),
 * bounded either way: while the backlog is under `small` rows, one read of it all (a single request, the usual
 * case); beyond that, each partition's first `perPartition` rows, so one busy partition cannot starve the rest.
 * Rows come back in key order within each partition.
 */
export async function readBacklog<T>(c: Collection<T>, small: number, perPartition: number): Promise<Stored<T>[]> {
  const all = await c.span({ limit: small });
  if (all.length < small) return all;
  const partitions = c.layout.partitions;
  if (!partitions) throw new Error(`readBacklog needs a layout with a fixed set of partitions (${c.layout.name})`);
  return (await Promise.all(partitions.map((p) => c.range(p, { limit: perPartition })))).flat();
}
