import http from 'node:http';
import { AddressInfo } from 'node:net';
import path from 'node:path';
import { exportAudit } from '../../src/cli/audit-export';
import { VERBS } from '../../src/cards/verbs';
import { loadConfig } from '../../src/config';
import { RunningJobOps, startJobOps } from '../../src/compose';
import { RunningEmulator, startEmulator } from '../../src/emulator';
import { AuditEntry } from '../../src/shared/audit-log';
import { createLogger } from '../../src/shared/logger';
import { RunningAzurite, startAzurite } from '../../src/storage/azurite';
import { TableStore } from '../../src/storage/table-store';
import { Client, callsTo, cardOf, clientFor, requestId } from '../helpers/approval-harness';
import { ConnectorStandIn } from '../helpers/connector-stand-in';
import { Card, ROOT, USERS, cardActions, firstCard } from '../helpers/test-bot';

/**
 * R2.5: the audit names Azure's own ids for the calls that changed something, so an incident can be
 * traced on Azure's side. A pass-through proxy records the ids the emulator (like ARM) put on each
 * answer, and the audit must carry exactly those.
 */
interface Answer {
  method: string;
  path: string;
  status: number;
  requestId?: string;
  correlationId?: string;
}

let emulator: RunningEmulator;
let azurite: RunningAzurite;
let connector: ConnectorStandIn;
let proxy: http.Server;
let bot: RunningJobOps;
let c: Client;
const answers: Answer[] = [];
/** Set to make the emulator refuse the next cancel POST (the fault is queued just before it is forwarded). */
let refuseNextCancel = false;

beforeAll(async () => {
  [emulator, azurite, connector] = await Promise.all([startEmulator({ clock: 'manual', seed: 42, startTime: new Date() }), startAzurite(), new ConnectorStandIn().start()]);
  proxy = http.createServer((req, res) => {
    if (refuseNextCancel && req.method === 'POST' && /\/cancel(\?|$)/.test(req.url ?? '')) {
      refuseNextCancel = false;
      emulator.faults.queue({ status: 403 });
    }
    const up = http.request(`${emulator.url}${req.url ?? '/'}`, { method: req.method, headers: { ...req.headers, host: new URL(emulator.url).host } }, (r) => {
      answers.push({
        method: req.method ?? '', path: (req.url ?? '').split('?')[0]!, status: r.statusCode ?? 0,
        requestId: r.headers['x-ms-request-id'] as string | undefined, correlationId: r.headers['x-ms-correlation-request-id'] as string | undefined,
      });
      res.writeHead(r.statusCode ?? 502, r.headers);
      r.pipe(res);
    });
    up.on('error', () => res.destroy());
    req.pipe(up);
  });
  await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', () => r()));
  const url = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
  const config = loadConfig(
    { PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', AZUREML_EMULATOR: 'off', ARM_ENDPOINT: url, STORAGE_CONNECTION_STRING: azurite.connectionString, JOBOPS_CONFIG: path.join(ROOT, 'env/jobops.local.json') },
    ROOT,
  );
  bot = await startJobOps(config, { logger: createLogger('silent'), emulator: { url, clock: emulator.clock, stop: async () => undefined }, startWatcher: false });
  c = clientFor(bot.url, connector.url);
});
afterAll(async () => {
  await bot?.stop();
  proxy?.closeAllConnections();
  await new Promise<void>((r) => (proxy ? proxy.close(() => r()) : r()));
  await connector?.stop();
  await azurite?.stop();
  await emulator?.stop();
});

const GROUP = { conversationType: 'groupChat' as const };
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

async function approve(ask: string, conversationId: string): Promise<void> {
  await c.send(ask, { ...GROUP, conversationId, expectReplies: false });
  const id = requestId(callsTo(connector, conversationId, 'POST').map(cardOf).find(Boolean) as Card);
  answers.length = 0;
  const r = await c.invoke(VERBS.approvalApprove, { h: id }, { ...GROUP, conversationId, user: USERS.marco });
  expect(r.status).toBe(200);
}

async function entry(workspace: string, job: string, action: string): Promise<AuditEntry> {
  const found = (await bot.deps.audit.forJob(workspace, job)).entries.find((e) => e.action === action);
  if (!found) throw new Error(`no ${action} entry for ${job}`);
  return found;
}

describe('R2.5: Azure request ids on the audit entries', () => {
  it('R2.5: azure.cancel records the x-ms-request-id and correlation id of the cancel POST', async () => {
    emulator.addJob({ name: 'ids-run-1', workspace: 'mlw-prod', status: 'Running' });
    await approve('cancel ids-run-1 in prod', 'g:ids-1');
    const post = answers.find((a) => a.method === 'POST' && a.path.endsWith('/jobs/ids-run-1/cancel'));
    expect(post?.status).toBe(200);
    expect(post?.requestId).toMatch(GUID);
    const e = await entry('prod', 'ids-run-1', 'azure.cancel');
    expect(e.azureRequestId).toBe(post!.requestId);
    expect(e.azureCorrelationId).toBe(post!.correlationId);
    // Each answer has its own id: the GETs around the POST carry different ones.
    const others = answers.filter((a) => a !== post).map((a) => a.requestId);
    expect(others.length).toBeGreaterThan(0);
    expect(others).not.toContain(e.azureRequestId);
  });

  it('R2.5: azure.model.register records the x-ms-request-id of the model version PUT', async () => {
    emulator.addJob({ name: 'ids-train-1', workspace: 'mlw-prod', status: 'Completed' });
    await approve('promote ids-train-1 in prod as ids-model', 'g:ids-2');
    const put = answers.find((a) => a.method === 'PUT' && /\/models\/ids-model\/versions\/1$/.test(a.path));
    expect(put?.requestId).toMatch(GUID);
    const e = await entry('prod', 'ids-train-1', 'azure.model.register');
    expect(e.outcome).toBe('version 1');
    expect(e.azureRequestId).toBe(put!.requestId);
    expect(e.azureCorrelationId).toBe(put!.correlationId);
  });

  it('R2.5: a cancel Azure refused records the id of the refusing answer', async () => {
    emulator.addJob({ name: 'ids-run-2', workspace: 'mlw-prod', status: 'Running' });
    await c.send('cancel ids-run-2 in prod', { ...GROUP, conversationId: 'g:ids-3', expectReplies: false });
    const id = requestId(callsTo(connector, 'g:ids-3', 'POST').map(cardOf).find(Boolean) as Card);
    answers.length = 0;
    refuseNextCancel = true;
    await c.invoke(VERBS.approvalApprove, { h: id }, { ...GROUP, conversationId: 'g:ids-3', user: USERS.marco });
    const post = answers.find((a) => a.method === 'POST' && a.path.endsWith('/jobs/ids-run-2/cancel'));
    expect(post?.status).toBe(403);
    const e = await entry('prod', 'ids-run-2', 'azure.cancel');
    expect(e.outcome).toBe('error');
    expect(e.azureRequestId).toBe(post!.requestId);
  });

  it('R2.5: the dev cancel result and the CSV export carry the Azure request id column', async () => {
    emulator.addJob({ name: 'ids-dev-1', status: 'Running' });
    const card = firstCard((await c.send('cancel ids-dev-1', { conversationId: 'a:ids-4' })).activities);
    const confirm = cardActions(card).find((a) => a.verb === VERBS.cancelConfirm)!;
    answers.length = 0;
    await c.invoke(VERBS.cancelConfirm, confirm.data, { conversationId: 'a:ids-4' });
    const post = answers.find((a) => a.method === 'POST' && a.path.endsWith('/jobs/ids-dev-1/cancel'));
    expect((await entry('dev', 'ids-dev-1', 'cancel.result')).azureRequestId).toBe(post!.requestId);

    const since = new Date(Date.now() - 3_600_000);
    const csv = (await exportAudit(new TableStore(azurite.connectionString), { since }, 'csv')).trimEnd().split('\r\n');
    const header = csv[0]!.split(',');
    const col = header.indexOf('azureRequestId');
    expect(col).toBeGreaterThan(header.indexOf('correlationId'));
    expect(header[col + 1]).toBe('azureCorrelationId');
    const cancelRow = csv.find((l) => l.includes(',azure.cancel,') && l.includes(',ids-run-1,'))!;
    expect(cancelRow.split(',')[col]).toBe((await entry('prod', 'ids-run-1', 'azure.cancel')).azureRequestId);
    const registerRow = csv.find((l) => l.includes(',azure.model.register,'))!;
    expect(registerRow.split(',')[col]).toMatch(GUID);
    const json = JSON.parse(await exportAudit(new TableStore(azurite.connectionString), { since, job: 'ids-dev-1' }, 'json')) as AuditEntry[];
    expect(json.find((e) => e.action === 'cancel.result')?.azureRequestId).toBe(post!.requestId);
  });
});
