import * as fs from 'fs';
import { scanStream, summarizeText } from '../../../src/logs';
import { OWN_LOGS, PUBLIC_DEV_LOGS, loadCases } from './helpers';

async function* chunksOf(buf: Buffer, size: number): AsyncIterable<Buffer> {
  for (let i = 0; i < buf.length; i += size) yield buf.subarray(i, i + size);
}

describe('scanStream (full scan)', () => {
  const cases = [...loadCases(PUBLIC_DEV_LOGS), ...loadCases(OWN_LOGS)];

  it.each(cases.map((c) => [c.id, c] as const))('agrees with summarizeText on %s even with tiny chunks', async (_id, c) => {
    const buf = fs.readFileSync(c.file);
    const expected = summarizeText(buf.toString('utf8'));
    for (const size of [1, 7, 4096]) {
      const s = await scanStream(chunksOf(buf, size));
      expect(s.category).toBe(expected.category);
      expect(s.evidence).toEqual(expected.evidence);
      expect(s.lastLines).toEqual(expected.lastLines);
      expect(s.bytesRead).toBe(buf.length);
    }
  });

  it('keeps multi-byte characters intact across chunk boundaries', async () => {
    const text = 'INFO ünïcödé 🚀\n'.repeat(50) + 'Traceback (most recent call last):\n  File "a.py", line 1\nKeyError: \'clé 🔑\'\n';
    const s = await scanStream(chunksOf(Buffer.from(text), 5));
    expect(s.headline).toBe("KeyError: 'clé 🔑'");
    expect(s.lastLines.join('\n')).not.toContain('\uFFFD');
  });

  it('bounds memory for a single line with no newline', async () => {
    async function* endless(): AsyncIterable<Buffer> {
      for (let i = 0; i < 200; i++) yield Buffer.alloc(64 * 1024, 'x');
    }
    const s = await scanStream(endless());
    expect(s.category).toBe('unknown');
    expect(s.bytesRead).toBe(200 * 64 * 1024);
  });
});
