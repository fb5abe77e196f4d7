import { DeliveryError, RUN_COMPLETED, parseDelivery } from '../../../src/notifications/intake/event-schema';
import { matchesSecret } from '../../../src/notifications/intake/secret-check';
import { TopicMap, workspaceTopic } from '../../../src/notifications/intake/workspace-topics';
import { inboxKey } from '../../../src/notifications/intake/event-inbox';
import { WorkspaceConfig } from '../../../src/config';
import { DEV_TOPIC, runEvent } from '../../helpers/event-grid';

const ws = (alias: string, workspace: string): WorkspaceConfig => ({
  alias, subscriptionId: '00000000-0000-0000-0000-000000000000', resourceGroup: 'jobops-local', workspace,
  production: false, approvalTtlMinutes: 30, poll: false,
});
const topics = new TopicMap({ dev: ws('dev', 'mlw-dev'), prod: ws('prod', 'mlw-prod') });

describe('matchesSecret (constant-time, over SHA-256 digests)', () => {
  const accepted = ['current-secret-0123456789', 'previous-secret-0123456789'];
  it('accepts either configured secret', () => {
    expect(matchesSecret('current-secret-0123456789', accepted)).toBe(true);
    expect(matchesSecret('previous-secret-0123456789', accepted)).toBe(true);
  });
  it.each([undefined, '', 'current-secret-012345678', 'current-secret-01234567890', 'CURRENT-SECRET-0123456789'])('refuses %p', (k) => {
    expect(matchesSecret(k, accepted)).toBe(false);
  });
  it('refuses everything when nothing is configured, and ignores empty slots', () => {
    expect(matchesSecret('x', [])).toBe(false);
    expect(matchesSecret('', [''])).toBe(false);
  });
});

describe('TopicMap', () => {
  it('maps workspace ARM ids case-insensitively (and with a trailing slash) to aliases', () => {
    expect(workspaceTopic(ws('dev', 'mlw-dev'))).toBe(DEV_TOPIC);
    expect(topics.aliasOf(DEV_TOPIC.toUpperCase())).toBe('dev');
    expect(topics.aliasOf(DEV_TOPIC.replace('resourceGroups', 'resourcegroups') + '/')).toBe('dev');
    expect(topics.aliasOf(DEV_TOPIC.replace('mlw-dev', 'mlw-prod'))).toBe('prod');
    expect(topics.aliasOf(`${DEV_TOPIC}/jobs/x`)).toBeUndefined();
  });
});

describe('parseDelivery', () => {
  it('Event Grid schema arrays: keeps what processing needs, lower-case status as sent', () => {
    const d = parseDelivery([runEvent('job-1', 'failed', { id: 'a', eventTime: '2025-06-02T09:00:00Z' })], topics);
    expect(d).toEqual({ kind: 'events', ignored: [], events: [{ id: 'a', workspace: 'dev', eventType: 'Microsoft.MachineLearningServices.RunStatusChanged', runId: 'job-1', runStatus: 'failed', eventTime: '2025-06-02T09:00:00Z' }] });
  });
  it('RunCompleted has no runStatus; runId falls back to the subject', () => {
    const e = runEvent('job-2', undefined, { eventType: RUN_COMPLETED });
    delete (e.data as Record<string, unknown>).runId;
    const d = parseDelivery([e], topics);
    expect(d.kind === 'events' && d.events[0]).toMatchObject({ runId: 'job-2', runStatus: undefined });
  });
  it('CloudEvents: one object (specversion or specVersion) or a batch array', () => {
    const ce = { id: 'c1', source: DEV_TOPIC, type: 'Microsoft.MachineLearningServices.RunStatusChanged', time: 't', subject: 'experiments/e/runs/j', data: { runId: 'j', runStatus: 'failed' } };
    for (const body of [{ ...ce, specversion: '1.0' }, { ...ce, specVersion: '1.0' }, [{ ...ce, specversion: '1.0' }]]) {
      const d = parseDelivery(body, topics);
      expect(d.kind === 'events' && d.events.map((e) => [e.workspace, e.runId, e.runStatus])).toEqual([['dev', 'j', 'failed']]);
    }
  });
  it('validation: answers the code; the validation event wins over anything else in the batch', () => {
    const v = { id: 'v', topic: 'whatever', eventType: 'Microsoft.EventGrid.SubscriptionValidationEvent', data: { validationCode: 'abc' } };
    expect(parseDelivery([v], topics)).toEqual({ kind: 'validation', code: 'abc' });
    expect(() => parseDelivery([{ ...v, data: {} }], topics)).toThrow(DeliveryError);
  });
  it('R4.2: other types, unknown topics and run events without a run id are ignored with a reason', () => {
    const noRun = runEvent('j', 'failed', { id: 'n' });
    noRun.data = { runStatus: 'failed' };
    noRun.subject = 'experiments/e';
    const d = parseDelivery([
      runEvent('j', 'failed', { id: 't', eventType: 'Microsoft.MachineLearningServices.ModelRegistered' }),
      runEvent('j', 'failed', { id: 'o', topic: '/subscriptions/x/resourceGroups/y/providers/Microsoft.MachineLearningServices/workspaces/z' }),
      noRun,
    ], topics);
    expect(d).toEqual({ kind: 'events', events: [], ignored: [{ id: 't', reason: 'eventType' }, { id: 'o', reason: 'topic' }, { id: 'n', reason: 'data' }] });
  });
  it.each([
    ['null', null], ['a string', 'x'], ['a number', 1], ['an empty array', []], ['a plain object', { id: 'x' }],
    ['an array of strings', ['x']], ['an event without id', [{ topic: DEV_TOPIC, eventType: 'x' }]],
    ['a CloudEvent without source', { id: 'x', type: 'y', specversion: '1.0' }], ['an overlong id', [runEvent('j', 'failed', { id: 'x'.repeat(300) })]],
  ])('%s → DeliveryError', (_n, body) => {
    expect(() => parseDelivery(body, topics)).toThrow(DeliveryError);
  });
});

describe('inboxKey', () => {
  it('keeps safe ids and hashes the rest (table keys forbid / \\ # ?)', () => {
    expect(inboxKey('831e1650-001e-001b-66ab-eeb76e069631')).toBe('831e1650-001e-001b-66ab-eeb76e069631');
    expect(inboxKey('a/b#c')).toMatch(/^sha256-[0-9a-f]{64}$/);
    expect(inboxKey('a/b#c')).toBe(inboxKey('a/b#c'));
    expect(inboxKey('a/b#c')).not.toBe(inboxKey('a/b#d'));
  });
});
