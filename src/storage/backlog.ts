import { Collection, Stored } from './store';

/**
 * Reads a queue-like collection that holds only unfinished work (the outbox's pending index, the event inbox),
 * bounded either way: while the backlog is under `small` rows, one read of it all (a single request, the usual
 * case); beyond that, each partition's first `perPartition` rows, so one busy partition cannot starve the rest.
 * Rows come back in key order within each partition. After a big read the next one goes per partition straight
 * away, so a storm does not pay for the single read it knows will not do.
 */
export class BacklogReader<T> {
  private big = false;

  constructor(private readonly c: Collection<T>, private readonly small: number, private readonly perPartition: number) {
    if (!c.layout.partitions) throw new Error(`a backlog needs a layout with a fixed set of partitions (${c.layout.name})`);
  }

  async read(): Promise<Stored<T>[]> {
    if (!this.big) {
      const all = await this.c.span({ limit: this.small });
      if (all.length < this.small) return all;
    }
    const rows = (await Promise.all((this.c.layout.partitions ?? []).map((p) => this.c.range(p, { limit: this.perPartition })))).flat();
    this.big = rows.length >= this.small;
    return rows;
  }
}
