import { Telemetry } from '../../src/shared/telemetry';
import { VERBS } from '../../src/cards/verbs';
import { cardActions, firstCard, useTestBot } from '../helpers/test-bot';

/** Issue 13: what the bot reports (recorded here instead of exported): reply latency per command and card verb, ARM calls and 429s per operation. */
const seen = { replies: [] as [string, boolean][], calls: [] as [string, number][], notices: [] as string[], outbox: [] as number[] };
const recorder: Telemetry = {
  reply: (command, _ms, ok) => void seen.replies.push([command, ok]),
  azureCall: (operation, status) => void seen.calls.push([operation, status]),
  notice: (o) => void seen.notices.push(o),
  outbox: (depth) => void seen.outbox.push(depth),
  approvalsPending: () => undefined,
  shutdown: async () => undefined,
};
const t = useTestBot({ overrides: { telemetry: recorder } });

it('records reply latency per command and card verb, and every ARM request with its status, 429s included', async () => {
  t.emulator.addJob({ name: 'tel-1', status: 'Running' });
  const show = firstCard((await t.send('show tel-1')).activities);
  await t.invoke(VERBS.refreshJob, cardActions(show).find((a) => a.verb === VERBS.refreshJob)!.data);
  t.emulator.faults.queue({ status: 429, retryAfter: 1, scope: 'arm' });
  await t.send('list top=2');
  await t.send('show no-such-job-here');
  expect(seen.replies).toEqual(expect.arrayContaining([['show', true], [VERBS.refreshJob, true], ['list', true]]));
  expect(seen.calls).toEqual(expect.arrayContaining([['GET jobs/{}', 200], ['GET jobs', 429], ['GET jobs', 200], ['GET jobs/{}', 404]]));
});
