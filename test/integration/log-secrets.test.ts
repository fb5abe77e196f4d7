import { Writable } from 'node:stream';
import { VERBS } from '../../src/cards/verbs';
import { createLogger } from '../../src/shared/logger';
import { DEV_TOPIC, postEvents, runEvent } from '../helpers/event-grid';
import { LOCAL_OUTBOUND_TOKEN, LocalCredentialsFactory } from '../helpers/auth/local-credentials';
import { OpenIdServer } from '../helpers/auth/openid-server';
import { mintBadSignature, mintChannelToken } from '../helpers/auth/token-minter';
import { Card, TestBot, TestUser, USERS, cardActions, cardText, startTestBot } from '../helpers/test-bot';

/**
 * R1.5 over a mixed workload: authenticated messages, card actions, a production approval, rejected
 * tokens, Event Grid deliveries with right and wrong keys, handshakes and ARM errors, all logged at
 * debug level. Not one configured secret, bearer token or storage key may appear in what was written.
 */
const APP_ID = '99999999-8888-7777-6666-555555555555';
const BOT_PASSWORD = 'Leak-Canary~BotPassword-7f3a91c2';
const EVENTGRID_SECRET = 'leak-canary-eventgrid-secret-5d82e0';
const EVENTGRID_SECRET_PREVIOUS = 'leak-canary-previous-secret-91b7aa';

let t: TestBot;
let openId: OpenIdServer;
const logLines: string[] = [];
const consoleLines: string[] = [];

beforeAll(async () => {
  // The SDK writes rejected tokens' errors to the console: capture that too, it ends up in the same log stream in App Service.
  for (const m of ['log', 'info', 'warn', 'error', 'debug'] as const) {
    jest.spyOn(console, m).mockImplementation((...args: unknown[]) => void consoleLines.push(args.map((a) => (a instanceof Error ? `${a.message}\n${a.stack ?? ''}` : typeof a === 'string' ? a : JSON.stringify(a))).join(' ')));
  }
  openId = await new OpenIdServer().start();
  const sink = new Writable({
    write(chunk: Buffer | string, _enc, cb) {
      logLines.push(...String(chunk).split('\n').filter(Boolean));
      cb();
    },
  });
  t = await startTestBot({
    env: { BOT_ID: APP_ID, BOT_PASSWORD, BOT_OPENID_METADATA_URL: openId.metadataUrl, EVENTGRID_SECRET, EVENTGRID_SECRET_PREVIOUS },
    overrides: { logger: createLogger('debug', sink), credentialsFactory: new LocalCredentialsFactory(APP_ID, BOT_PASSWORD) },
  });
});
afterAll(async () => {
  await t?.stop();
  await openId?.stop();
  jest.restoreAllMocks();
});

const token = (): string => mintChannelToken(openId.key, { aud: APP_ID, serviceurl: t.connector.url });
const tokensUsed: string[] = [];
let n = 0;

function envelope(user: TestUser, conversationId: string, conversationType: string): Record<string, unknown> {
  return {
    channelId: 'msteams', serviceUrl: t.connector.url, from: user, recipient: { id: `28:${APP_ID}`, name: 'JobOps' },
    conversation: { id: conversationId, conversationType, tenantId: 'tenant-1' }, channelData: { tenant: { id: 'tenant-1' } }, locale: 'en-US',
  };
}

async function post(body: Record<string, unknown>, bearer = token()): Promise<{ status: number; text: string }> {
  tokensUsed.push(bearer);
  return t.post(body, { authorization: `Bearer ${bearer}` });
}

/** Replies go to the connector stand-in (no expectReplies with auth on): the last card posted there. */
function lastCardTo(conversationId: string): Card {
  const posts = t.connector.posts().filter((c) => decodeURIComponent(c.path).includes(conversationId));
  const body = posts[posts.length - 1]?.body as { attachments?: { content: Card }[] } | undefined;
  const card = body?.attachments?.[0]?.content;
  if (!card) throw new Error(`no card posted to ${conversationId}`);
  return card;
}

const say = (text: string, user: TestUser, conv: string, type = 'personal'): Promise<{ status: number; text: string }> =>
  post({ type: 'message', id: `ls-msg-${++n}`, text, ...envelope(user, conv, type) });
const press = (verb: string, data: unknown, user: TestUser, conv: string, type = 'personal'): Promise<{ status: number; text: string }> =>
  post({ type: 'invoke', name: 'adaptiveCard/action', id: `ls-inv-${++n}`, replyToId: 'card-1', ...envelope(user, conv, type), value: { action: { type: 'Action.Execute', verb, data }, trigger: 'manual' } });

describe('R1.5: secrets never reach the log', () => {
  it('R1.5: a mixed workload writes no secret, bearer token or AccountKey to the debug log or the console', async () => {
    t.emulator.addJob({ name: 'leak-dev-run', status: 'Running' });
    t.emulator.addJob({ name: 'leak-prod-run', workspace: 'mlw-prod', status: 'Running' });
    t.emulator.addJob({ name: 'leak-failed-run', status: 'Running', endsInMs: 1_000, endStatus: 'Failed' });
    t.emulator.clock.advance(5_000);

    // Messages and a confirmed cancel in dev.
    expect((await say('list', USERS.alice, 'a:leak-1')).status).toBe(200);
    expect((await say('show leak-dev-run', USERS.alice, 'a:leak-1')).status).toBe(200);
    expect((await say('cancel leak-dev-run because leak test', USERS.alice, 'a:leak-1')).status).toBe(200);
    const confirm = cardActions(lastCardTo('a:leak-1')).find((a) => a.verb === VERBS.cancelConfirm);
    expect(confirm).toBeDefined();
    expect((await press(VERBS.cancelConfirm, confirm!.data, USERS.alice, 'a:leak-1')).status).toBe(200);

    // A production approval, decided by the approver.
    expect((await say('cancel leak-prod-run in prod because leak test', USERS.alice, 'g:leak-2', 'groupChat')).status).toBe(200);
    const request = (lastCardTo('g:leak-2') as { refresh?: { action: { data: { h: string } } } }).refresh?.action.data;
    expect(request).toBeDefined();
    const approved = await press(VERBS.approvalApprove, request, USERS.marco, 'g:leak-2', 'groupChat');
    expect(cardText(JSON.parse(approved.text))).toMatch(/approved by Marco Manager/);
    expect(t.emulator.stats.snapshot().counts.jobCancel).toBe(2);

    // An ARM 403 and a forged card action: the error paths log too.
    t.emulator.faults.queue({ status: 403, scope: 'arm' });
    expect((await say('show leak-dev-run', USERS.alice, 'a:leak-1')).status).toBe(200);
    expect((await press(VERBS.cancelConfirm, { h: 'AAAAAAAAAAAAAAAAAAAAAA', job: 'x' }, USERS.eve, 'a:leak-1')).status).toBe(200);

    // Rejected tokens: missing, bad signature, a Basic header carrying the password.
    expect((await t.post({ type: 'message', id: 'ls-none', text: 'list', ...envelope(USERS.alice, 'a:leak-1', 'personal') })).status).toBe(401);
    expect((await post({ type: 'message', id: 'ls-bad', text: 'list', ...envelope(USERS.alice, 'a:leak-1', 'personal') }, mintBadSignature(openId.key, { aud: APP_ID, serviceurl: t.connector.url }))).status).toBe(401);
    const basic = `Basic ${Buffer.from(`${APP_ID}:${BOT_PASSWORD}`).toString('base64')}`;
    expect((await t.post({ type: 'message', id: 'ls-basic', text: 'list', ...envelope(USERS.alice, 'a:leak-1', 'personal') }, { authorization: basic })).status).toBe(401);

    // Event Grid: current and previous key, a wrong key, a handshake, a malformed body; then processing.
    expect((await postEvents(t.bot.url, [runEvent('leak-failed-run', 'failed', { topic: DEV_TOPIC })], { key: EVENTGRID_SECRET })).status).toBe(200);
    expect((await postEvents(t.bot.url, [runEvent('leak-failed-run', 'failed')], { key: EVENTGRID_SECRET_PREVIOUS })).status).toBe(200);
    expect((await postEvents(t.bot.url, [runEvent('leak-failed-run', 'failed')], { key: `${EVENTGRID_SECRET}-wrong` })).status).toBe(401);
    expect((await postEvents(t.bot.url, undefined, { key: EVENTGRID_SECRET, method: 'OPTIONS', headers: { 'webhook-request-origin': 'eventgrid.azure.net' } })).status).toBe(200);
    expect((await postEvents(t.bot.url, '{"broken', { key: EVENTGRID_SECRET })).status).toBe(400);
    await t.bot.events.processor.drainOnce();

    const accountKey = /AccountKey=([^;]+)/.exec(t.config.storageConnectionString ?? '')?.[1];
    expect(accountKey).toBeTruthy();
    // The capture is real: the rejections and the ARM error were logged (the paths most likely to dump a request).
    const logged = logLines.join('\n');
    expect(logged).toMatch(/inbound request failed authentication/);
    expect(logged).toMatch(/event delivery rejected/);
    expect(logged).toMatch(/Injected fault/);
    const log = [...logLines, ...consoleLines].join('\n');
    const secrets: [string, string][] = [
      ['BOT_PASSWORD', BOT_PASSWORD],
      ['BOT_PASSWORD in base64 (Basic header)', Buffer.from(`${APP_ID}:${BOT_PASSWORD}`).toString('base64')],
      ['EVENTGRID_SECRET', EVENTGRID_SECRET],
      ['EVENTGRID_SECRET_PREVIOUS', EVENTGRID_SECRET_PREVIOUS],
      ['storage AccountKey', accountKey!],
      ['storage connection string', t.config.storageConnectionString!],
      ['outbound bearer token', LOCAL_OUTBOUND_TOKEN],
      // A token's signature alone is enough to replay it.
      ...tokensUsed.flatMap((tk, i): [string, string][] => [[`inbound bearer token #${i}`, tk], [`inbound token signature #${i}`, tk.split('.')[2]!]]),
    ];
    const leaked = secrets.filter(([, s]) => log.includes(s)).map(([name]) => name);
    expect(leaked).toEqual([]);
    expect(log).not.toMatch(/Bearer\s+[A-Za-z0-9_-]{20,}\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+/);
  }, 60_000);
});
