import { OutboxItem, OutboxWriter } from '../../src/notifications/types';

/** Records what the notifier would deliver, with the outbox's create-if-absent semantics. */
export class RecordingOutbox implements OutboxWriter {
  readonly items: OutboxItem[] = [];
  private readonly keys = new Set<string>();

  async enqueue(item: OutboxItem): Promise<boolean> {
    if (this.keys.has(item.dedupeKey)) return false;
    this.keys.add(item.dedupeKey);
    this.items.push(item);
    return true;
  }
}
