/**
 * A small in-process cache with a time limit and a size bound. Teams sends one unfurl request per
 * paste (and again when the compose box is edited), and an incident channel pastes the same link
 * many times a minute: a short cache keeps that from turning into one ARM read per paste, while a
 * job's status is never older than `ttlMs`. It holds nothing that must survive a restart.
 */
export class TtlCache<V> {
  private readonly entries = new Map<string, { value: V; expires: number }>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries: number,
    private readonly now: () => Date,
  ) {}

  get(key: string): V | undefined {
    const e = this.entries.get(key);
    if (!e) return undefined;
    if (e.expires <= this.now().getTime()) {
      this.entries.delete(key);
      return undefined;
    }
    return e.value;
  }

  set(key: string, value: V): void {
    this.entries.delete(key);
    // Bounded so a flood of distinct links cannot grow memory: the oldest insert goes first.
    while (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
    this.entries.set(key, { value, expires: this.now().getTime() + this.ttlMs });
  }

  get size(): number {
    return this.entries.size;
  }
}
