import { randomBytes } from 'node:crypto';
import { RunningAzurite, startAzurite } from '../../src/storage/azurite';
import { TableStore } from '../../src/storage/table-store';
import { describeStoreContract } from '../unit/storage/store-contract';

/**
 * The same contract the in-memory double passes, against the real Azure Tables protocol
 * (Azurite in memory, a child process on loopback). A unique table prefix keeps runs apart.
 */
let azurite: RunningAzurite | undefined;
let store: TableStore | undefined;

beforeAll(async () => {
  azurite = await startAzurite();
  store = new TableStore(azurite.connectionString, `t${randomBytes(4).toString('hex')}`);
  await store.ping();
}, 60_000);

afterAll(async () => {
  await azurite?.stop();
});

function current(): TableStore {
  if (!store) throw new Error('Azurite did not start');
  return store;
}

describeStoreContract('TableStore on Azurite', current);

describe('TableStore specifics', () => {
  it('rejects an unsafe key on delete too', async () => {
    const c = current().collection('deletes', (raw) => raw);
    await expect(c.delete('a/b')).rejects.toThrow('unsafe storage key');
  });

  it('gives each collection its own table, even with punctuation in the name', async () => {
    const a = current().collection<{ v: number }>('handles-v1', (raw) => raw as { v: number });
    const b = current().collection<{ v: number }>('handles_v2', (raw) => raw as { v: number });
    await a.put('k', { v: 1 });
    expect(await b.get('k')).toBeUndefined();
  });
});
