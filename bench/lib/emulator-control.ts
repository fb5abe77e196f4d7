/** The emulator's /_emulator/* controls over HTTP (never delayed, faulted or counted by the emulator itself). */
export interface EmulatorStats {
  total: number;
  counts: Record<string, number | undefined>;
  bytesServed: number;
  faults: Record<string, number>;
}

export class EmulatorControl {
  constructor(private readonly url: string) {}

  private async call(method: string, path: string, body?: unknown): Promise<unknown> {
    const res = await fetch(`${this.url}/_emulator/${path}`, {
      method,
      headers: body === undefined ? undefined : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`emulator ${method} ${path}: ${res.status} ${text.slice(0, 300)}`);
    return text ? (JSON.parse(text) as unknown) : undefined;
  }

  stats(): Promise<EmulatorStats> {
    return this.call('GET', 'stats') as Promise<EmulatorStats>;
  }

  async resetStats(): Promise<void> {
    await this.call('POST', 'stats/reset');
  }

  async setLatency(latencyMs: number): Promise<void> {
    // scope "all": ARM and the data plane alike, as the benchmark method asks.
    await this.call('POST', 'faults', { latencyMs, scope: 'all' });
  }

  async setCancelMode(mode: 'sync' | 'lro'): Promise<void> {
    await this.call('POST', 'cancel-mode', { mode });
  }

  async addJob(input: Record<string, unknown>): Promise<{ name: string; status: string }> {
    return (await this.call('POST', 'jobs', input)) as { name: string; status: string };
  }
}
