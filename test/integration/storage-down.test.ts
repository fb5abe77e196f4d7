import { RetryableError } from '../../src/shared/errors';
import { toUserMessage } from '../../src/shared/to-user-message';
import { freePort } from '../../src/storage/azurite';
import { TableStore } from '../../src/storage/table-store';

/** T18: storage that cannot be reached is a retryable "try again", never blamed on Azure ML. */
it('an unreachable storage account gives a RetryableError and a clear sentence', async () => {
  const port = await freePort();
  const cs = `DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=${Buffer.from('k').toString('base64')};TableEndpoint=http://127.0.0.1:${port}/devstoreaccount1;`;
  const col = new TableStore(cs).collection('x', (r) => r as { a: number });
  const err = await col.get('k').then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(RetryableError);
  const text = toUserMessage(err, { operation: 'record that decision', correlationId: 'abc123' });
  expect(text).toMatch(/storage is not reachable/);
  expect(text).not.toMatch(/Azure ML/);
}, 60_000);
