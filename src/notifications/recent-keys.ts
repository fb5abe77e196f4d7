/**
 * Keys seen lately, in two generations that turn over every `generationMs` (and early at `maxPerGeneration`): a key
 * seen again is carried into the current generation, a key not seen for two generations is forgotten. Memory is
 * bounded by what is seen within that time, not by history: the poller re-lists the same jobs every tick, while
 * the set of jobs a workspace ever had grows without end (the 100,000-activity soak's heap slope came from the
 * single set this replaces, which grew to 10,000 keys before it was cleared).
 */
export class RecentKeys {
  private current = new Set<string>();
  private previous = new Set<string>();
  private since: number;

  constructor(private readonly now: () => number, private readonly generationMs = 10 * 60_000, private readonly maxPerGeneration = 10_000) {
    this.since = now();
  }

  has(key: string): boolean {
    this.turnOver();
    if (this.current.has(key)) return true;
    if (!this.previous.has(key)) return false;
    this.add(key);
    return true;
  }

  add(key: string): void {
    this.turnOver();
    if (this.current.size >= this.maxPerGeneration) this.next();
    this.current.add(key);
  }

  get size(): number {
    return this.current.size + this.previous.size;
  }

  private turnOver(): void {
    if (this.now() - this.since >= this.generationMs) this.next();
  }

  private next(): void {
    this.previous = this.current;
    this.current = new Set();
    this.since = this.now();
  }
}
