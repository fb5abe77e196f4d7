import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { RunningJobOps, startJobOps } from '../../src/compose';
import { loadConfig } from '../../src/config';
import { RunningEmulator, startEmulator } from '../../src/emulator';
import { createLogger } from '../../src/shared/logger';
import { RunningAzurite, startAzurite } from '../../src/storage/azurite';
import { Card, cardActions, cardText } from '../helpers/test-bot';
import { PlaygroundClient } from './helpers/playground-client';
import { MOCK } from './helpers/playground-session';

/**
 * Issue 5, "approve as the approver": the Playground has no user switcher, so `npm start` runs a second one acting
 * as Marco. Started here exactly as `npm start` does (the composition root, both Playgrounds in parallel), then
 * driven like the two browser windows: Alice asks in her personal chat, the card arrives in Marco's, he approves.
 */
jest.setTimeout(60_000);

const { alice, marco } = MOCK.users;
const MARCO_CHAT = 'a:jobops-personal-marco';
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'jobops-pg2-'));
const ROOT = path.resolve(__dirname, '../..');
const logLines: string[] = [];
let emulator: RunningEmulator;
let azurite: RunningAzurite;
let bot: RunningJobOps;
let asAlice: PlaygroundClient;
let asMarco: PlaygroundClient;

beforeAll(async () => {
  [emulator, azurite] = await Promise.all([startEmulator({ clock: 'manual', seed: 42 }), startAzurite()]);
  const config = loadConfig(
    {
      PORT: '0', HOST: '127.0.0.1', AZUREML_EMULATOR: 'off', ARM_ENDPOINT: emulator.url, STORAGE_CONNECTION_STRING: azurite.connectionString,
      JOBOPS_CONFIG: path.join(ROOT, 'env/jobops.local.json'), PLAYGROUND: 'on', PLAYGROUND_PORT: '0',
    },
    ROOT,
  );
  const sink = new Writable({ write: (chunk, _enc, done) => { logLines.push(String(chunk)); done(); } });
  bot = await startJobOps(config, {
    logger: createLogger('warn', sink), emulator, startWatcher: false,
    playground: {
      configFile: path.join(ROOT, '.m365agentsplayground.yml'), logFile: path.join(tmp, 'alice.log'),
      approver: { configFile: path.join(tmp, 'approver.yml'), logFile: path.join(tmp, 'marco.log') },
    },
  });
  const pg = bot.playground;
  if (!pg?.approver) throw new Error(`the two Playgrounds did not start: ${logLines.join('')}`);
  asAlice = new PlaygroundClient(pg.url.replace('localhost', '127.0.0.1'));
  asMarco = new PlaygroundClient(pg.approver.url.replace('localhost', '127.0.0.1'));
  await Promise.all([asAlice.connect(), asMarco.connect()]);
}, 60_000);

afterAll(async () => {
  asAlice?.close();
  asMarco?.close();
  await bot?.stop();
  await Promise.all([azurite?.stop(), emulator?.stop()]);
  fs.rmSync(tmp, { recursive: true, force: true });
});

function button(card: unknown, title: string): { verb: string; data: unknown } {
  const b = cardActions(card).find((a) => a.title === title);
  if (!b) throw new Error(`no "${title}" button on: ${cardText(card).slice(0, 300)}`);
  return b;
}

it('npm start runs a second Playground as Marco (approver of prod), next to Alice\'s, each with its own chats', async () => {
  expect(bot.playground).toMatchObject({ user: alice.name, approver: { user: marco.name, workspace: 'prod' } });
  const config = async (c: PlaygroundClient) => ((await (await fetch(`${c.baseUrl}/_internal/v1/config`)).json()) as { config: { currentUser: { id: string; aadObjectId: string }; users: { id: string }[]; conversations?: unknown } }).config;
  const [a, m] = await Promise.all([config(asAlice), config(asMarco)]);
  expect(a.currentUser).toMatchObject({ id: alice.id, aadObjectId: alice.aadObjectId });
  expect(m.currentUser).toMatchObject({ id: marco.id, aadObjectId: marco.aadObjectId });
  expect(m.users.map((u) => u.id)).toContain(alice.id);
  expect(m.users.map((u) => u.id)).not.toContain(marco.id);
  // Separate clients, separate conversations: no id of Alice's chats or team reappears in Marco's Playground.
  const generated = fs.readFileSync(path.join(tmp, 'approver.yml'), 'utf8');
  for (const id of [MOCK.personalChat, MOCK.groupChat, MOCK.general, MOCK.approvals]) expect(generated).not.toContain(`"${id}"`);
  expect(generated).toContain(`"${MARCO_CHAT}"`);
});

it('Alice asks for a production cancel in her personal chat; Marco approves in his Playground; one cancel; Alice is told', async () => {
  emulator.addJob({ name: 'pg2-prod-cancel-1', workspace: 'mlw-prod', status: 'Running' });
  const aliceMark = asAlice.mark;
  const marcoMark = asMarco.mark;
  // Marco has not said anything: the app was "installed" for him when his Playground started, as in Teams.
  await asAlice.say(MOCK.personalChat, alice.id, 'cancel pg2-prod-cancel-1 in prod because runaway');
  const request = await asMarco.nextCard(MARCO_CHAT, { since: marcoMark, text: /Approval: Cancel pg2-prod-cancel-1/ });
  await asAlice.waitFor('the request being routed to Marco', (m) => m.actionConversationId === MOCK.personalChat && /Asked for approval in Marco Manager's chat/.test(m.message?.text ?? ''), { since: aliceMark });

  // The card in his own chat is already his view: the Playground UI never refreshes cards ("user specific view is
  // not supported"), so the buttons must be on the posted card. Teams clients still refresh it (refresh.userIds).
  expect(cardText(request.card)).toMatch(/Waiting for approval from you/);
  expect((request.card as Card & { refresh?: { userIds: string[] } }).refresh?.userIds).toContain(marco.id);
  const done = await asMarco.press(MARCO_CHAT, marco.id, request.messageId, button(request.card, 'Approve'));
  expect(cardText(done.body.value)).toMatch(/Cancelled \((CancelRequested|Canceled)\) — approved by Marco Manager .* requested by Alice Operator/);

  await asAlice.waitFor('Alice being told in her chat', (m) => m.actionConversationId === MOCK.personalChat && /Your request to cancel `pg2-prod-cancel-1` was approved by Marco Manager/.test(m.message?.text ?? ''), { since: aliceMark });
  // The posted card is updated in place for everyone who sees it (here: Marco's chat).
  await asMarco.nextCard(MARCO_CHAT, { since: marcoMark, action: 'updateMessage', text: /approved by Marco Manager/ });
  expect(emulator.stats.snapshot().counts.jobCancel).toBe(1);
  expect(logLines.join('')).not.toMatch(/could not post the approval card|could not tell the requester|could not update/);
});
