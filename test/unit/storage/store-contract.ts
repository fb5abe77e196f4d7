import { hashed, leading, shardOf } from '../../../src/storage/layouts';
import { Store } from '../../../src/storage/store';

interface Note {
  text: string;
  n: number;
}

function parseNote(raw: unknown): Note {
  const o = raw as Partial<Note>;
  if (typeof o?.text !== 'string' || typeof o.n !== 'number') throw new Error('not a note');
  return { text: o.text, n: o.n };
}

const UNSAFE_KEYS: [string, string][] = [
  ['empty', ''],
  ['slash', 'a/b'],
  ['backslash', 'a\\b'],
  ['hash', 'a#b'],
  ['question mark', 'a?b'],
  ['newline', 'a\nb'],
  ['NUL', 'a\u0000b'],
  ['DEL', 'a\u007fb'],
  ['C1 control', 'a\u0085b'],
  ['too long', 'k'.repeat(513)],
];

/**
 * The Store contract every feature relies on, written once so it runs against the in-memory
 * double (unit) and TableStore on Azurite (integration): a double that drifts from the real
 * store would make unit tests lie. Each test uses its own collection, so one store can be shared.
 */
export function describeStoreContract(label: string, getStore: () => Store): void {
  let seq = 0;
  const fresh = () => getStore().collection<Note>(`c${Date.now().toString(36)}${seq++}`, parseNote);

  describe(`Store contract: ${label}`, () => {
    it('get of a missing key is undefined', async () => {
      expect(await fresh().get('nope')).toBeUndefined();
    });

    it('create is create-if-absent: the second create says "exists" and changes nothing', async () => {
      const c = fresh();
      const first = await c.create('k1', { text: 'first', n: 1 });
      expect(first).toEqual({ ok: true, etag: expect.any(String) });
      expect(await c.create('k1', { text: 'second', n: 2 })).toEqual({ ok: false, reason: 'exists' });
      const got = await c.get('k1');
      expect(got).toEqual({ key: 'k1', value: { text: 'first', n: 1 }, etag: first.ok ? first.etag : '' });
    });

    it('only one of two concurrent creates wins', async () => {
      const c = fresh();
      const results = await Promise.all([c.create('race', { text: 'a', n: 1 }), c.create('race', { text: 'b', n: 2 })]);
      expect(results.filter((r) => r.ok)).toHaveLength(1);
      expect(results.filter((r) => !r.ok)).toEqual([{ ok: false, reason: 'exists' }]);
    });

    it('put with the current etag replaces and returns a new etag', async () => {
      const c = fresh();
      const created = await c.create('k', { text: 'v1', n: 1 });
      if (!created.ok) throw new Error('create failed');
      const put = await c.put('k', { text: 'v2', n: 2 }, created.etag);
      expect(put.ok).toBe(true);
      if (put.ok) expect(put.etag).not.toBe(created.etag);
      expect((await c.get('k'))?.value).toEqual({ text: 'v2', n: 2 });
    });

    it('put with a stale etag is a conflict and keeps the newer value (compare-and-set)', async () => {
      const c = fresh();
      const created = await c.create('k', { text: 'v1', n: 1 });
      if (!created.ok) throw new Error('create failed');
      expect((await c.put('k', { text: 'winner', n: 2 }, created.etag)).ok).toBe(true);
      expect(await c.put('k', { text: 'loser', n: 3 }, created.etag)).toEqual({ ok: false, reason: 'conflict' });
      expect((await c.get('k'))?.value).toEqual({ text: 'winner', n: 2 });
    });

    it('of two puts from the same read, exactly one wins', async () => {
      const c = fresh();
      const created = await c.create('k', { text: 'v1', n: 1 });
      if (!created.ok) throw new Error('create failed');
      const results = await Promise.all([c.put('k', { text: 'a', n: 2 }, created.etag), c.put('k', { text: 'b', n: 3 }, created.etag)]);
      expect(results.filter((r) => r.ok)).toHaveLength(1);
      expect(results.filter((r) => !r.ok)).toEqual([{ ok: false, reason: 'conflict' }]);
    });

    it('put with an etag on a missing key says "missing" and creates nothing', async () => {
      const c = fresh();
      const other = await c.create('other', { text: 'x', n: 0 });
      if (!other.ok) throw new Error('create failed');
      expect(await c.put('ghost', { text: 'x', n: 1 }, other.etag)).toEqual({ ok: false, reason: 'missing' });
      expect(await c.get('ghost')).toBeUndefined();
    });

    it('put without an etag upserts', async () => {
      const c = fresh();
      expect((await c.put('u', { text: 'new', n: 1 })).ok).toBe(true);
      expect((await c.put('u', { text: 'replaced', n: 2 })).ok).toBe(true);
      expect((await c.get('u'))?.value).toEqual({ text: 'replaced', n: 2 });
    });

    it('delete honours the etag and tolerates missing keys', async () => {
      const c = fresh();
      const created = await c.create('d', { text: 'x', n: 1 });
      if (!created.ok) throw new Error('create failed');
      const put = await c.put('d', { text: 'y', n: 2 }, created.etag);
      if (!put.ok) throw new Error('put failed');
      await c.delete('d', created.etag);
      expect(await c.get('d')).toBeDefined();
      await c.delete('d', put.etag);
      expect(await c.get('d')).toBeUndefined();
      await expect(c.delete('d')).resolves.toBeUndefined();
    });

    it('list returns only keys with the prefix, parsed', async () => {
      const c = fresh();
      for (const k of ['job:a', 'job:b', 'jobs:c', 'jo', 'list:x']) await c.create(k, { text: k, n: k.length });
      expect((await c.list('job:')).map((s) => s.key).sort()).toEqual(['job:a', 'job:b']);
      expect((await c.list('job')).map((s) => s.key).sort()).toEqual(['job:a', 'job:b', 'jobs:c']);
      expect((await c.range('p', { limit: 100 })).map((s) => s.key)).toEqual(['jo', 'job:a', 'job:b', 'jobs:c', 'list:x']);
      expect(await c.list('zzz')).toEqual([]);
      const [first] = await c.list('job:a');
      expect(first).toEqual({ key: 'job:a', value: { text: 'job:a', n: 5 }, etag: expect.any(String) });
    });

    it('collections are separate namespaces', async () => {
      const a = fresh();
      const b = fresh();
      await a.create('same', { text: 'a', n: 1 });
      expect(await b.get('same')).toBeUndefined();
      expect((await b.create('same', { text: 'b', n: 2 })).ok).toBe(true);
    });

    it('round-trips unicode and quotes', async () => {
      const c = fresh();
      const text = 'Priya “on-call” 🧯 — naïve \' " \\ </script>';
      await c.create('u', { text, n: -1.5 });
      expect((await c.get('u'))?.value).toEqual({ text, n: -1.5 });
    });

    it('applies the parser on read (a record that no longer parses is an error, not a silent cast)', async () => {
      const name = `p${Date.now().toString(36)}${seq++}`;
      const loose = getStore().collection<unknown>(name, (raw) => raw);
      await loose.put('bad', { text: 42 });
      const strict = getStore().collection<Note>(name, parseNote);
      await expect(strict.get('bad')).rejects.toThrow('not a note');
    });

    it.each(UNSAFE_KEYS)('rejects an unsafe key (%s) on get, create and put', async (_name, key) => {
      const c = fresh();
      await expect(c.get(key)).rejects.toThrow('unsafe storage key');
      await expect(c.create(key, { text: 'x', n: 1 })).rejects.toThrow('unsafe storage key');
      await expect(c.put(key, { text: 'x', n: 1 })).rejects.toThrow('unsafe storage key');
    });

    it('createMany (when offered) is create-if-absent per key, in input order, across several transactions', async () => {
      const c = fresh();
      if (!c.createMany) return;
      await c.create('m-0005', { text: 'old', n: 0 });
      const entries = Array.from({ length: 250 }, (_, i) => ({ key: `m-${String(i).padStart(4, '0')}`, value: { text: 'new', n: i } }));
      entries.push({ key: 'm-0001', value: { text: 'again', n: -1 } });
      const results = await c.createMany(entries);
      expect(results).toHaveLength(251);
      expect(results.filter((r) => r.ok)).toHaveLength(249);
      expect(results[5]).toEqual({ ok: false, reason: 'exists' });
      expect(results[250]).toEqual({ ok: false, reason: 'exists' });
      expect((await c.get('m-0005'))?.value).toEqual({ text: 'old', n: 0 });
      expect((await c.get('m-0001'))?.value).toEqual({ text: 'new', n: 1 });
      expect(await c.list('m-')).toHaveLength(250);
      await expect(c.createMany([{ key: 'a/b', value: { text: 'x', n: 1 } }])).rejects.toThrow('unsafe storage key');
    });

    it('range reads are bounded and ordered: prefix, after, before and limit, in ordinal key order', async () => {
      const c = fresh();
      for (const k of ['b', 'B', 'a1', 'a2', 'a3', 'c']) await c.create(k, { text: k, n: 0 });
      expect((await c.range('p', { limit: 10 })).map((s) => s.key)).toEqual(['B', 'a1', 'a2', 'a3', 'b', 'c']);
      expect((await c.range('p', { prefix: 'a', limit: 2 })).map((s) => s.key)).toEqual(['a1', 'a2']);
      expect((await c.range('p', { prefix: 'a', after: 'a2', limit: 10 })).map((s) => s.key)).toEqual(['a3']);
      expect((await c.range('p', { before: 'a3', limit: 10 })).map((s) => s.key)).toEqual(['B', 'a1', 'a2']);
      expect(await c.range('elsewhere', { limit: 10 })).toEqual([]);
      expect((await c.list('a', 1)).map((s) => s.key)).toEqual(['a1']);
    });

    it('a hashed collection keeps each key in its shard: point access works, range reads see one shard, createMany spans shards', async () => {
      const c = getStore().collection<Note>(`h${Date.now().toString(36)}${seq++}`, parseNote, hashed);
      const keys = Array.from({ length: 120 }, (_, i) => `key-${i}`);
      const results = await c.createMany!(keys.map((key, i) => ({ key, value: { text: key, n: i } })));
      expect(results.every((r) => r.ok)).toBe(true);
      expect((await c.get('key-7'))?.value).toEqual({ text: 'key-7', n: 7 });
      const shard = shardOf('key-7');
      const inShard = await c.range(shard, { limit: 1000 });
      expect(inShard.map((s) => s.key).sort()).toEqual(keys.filter((k) => shardOf(k) === shard).sort());
      let total = 0;
      for (const p of hashed.partitions ?? []) total += (await c.range(p, { limit: 1000 })).length;
      expect(total).toBe(120);
      await expect(c.list('key-')).rejects.toThrow('several partitions');
    });

    it('a leading-segment collection lists one group with a prefix, and span reads partitions in order with paging', async () => {
      const c = getStore().collection<Note>(`l${Date.now().toString(36)}${seq++}`, parseNote, leading(1, false));
      for (const k of ['2024-01-02|b', '2024-01-01|a', '2024-01-01|c', '2024-01-03|d']) await c.create(k, { text: k, n: 0 });
      expect((await c.list('2024-01-01|')).map((s) => s.key)).toEqual(['2024-01-01|a', '2024-01-01|c']);
      expect((await c.span({ before: '2024-01-03', limit: 10 })).map((s) => s.key)).toEqual(['2024-01-01|a', '2024-01-01|c', '2024-01-02|b']);
      expect((await c.span({ from: '2024-01-02', limit: 10 })).map((s) => s.key)).toEqual(['2024-01-02|b', '2024-01-03|d']);
      const page1 = await c.span({ limit: 2 });
      const page2 = await c.span({ afterKey: page1[1]!.key, limit: 2 });
      expect([...page1, ...page2].map((s) => s.key)).toEqual(['2024-01-01|a', '2024-01-01|c', '2024-01-02|b', '2024-01-03|d']);
      await expect(c.list('2024')).rejects.toThrow('several partitions');
    });

    it('deleteMany deletes across partitions in batches, whatever the etag, skipping keys already gone', async () => {
      const c = getStore().collection<Note>(`d${Date.now().toString(36)}${seq++}`, parseNote, hashed);
      const keys = Array.from({ length: 150 }, (_, i) => `del-${i}`);
      for (const k of keys) await c.create(k, { text: k, n: 0 });
      await c.put('del-3', { text: 'changed', n: 1 });
      expect(await c.deleteMany([...keys.slice(0, 140), 'never-there'])).toBe(141);
      for (const k of keys.slice(0, 140)) expect(await c.get(k)).toBeUndefined();
      expect(await c.get('del-145')).toBeDefined();
      await expect(c.deleteMany(['a/b'])).rejects.toThrow('unsafe storage key');
    });

    it('accepts keys that are safe: 512 characters, dots, colons, base64url', async () => {
      const c = fresh();
      for (const key of ['k'.repeat(512), 'a.b:c', 'AbC-_09xyzAbC-_09xyzAb']) {
        expect((await c.create(key, { text: 'ok', n: 1 })).ok).toBe(true);
        expect((await c.get(key))?.key).toBe(key);
      }
    });
  });
}
