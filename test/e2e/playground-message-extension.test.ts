import { cardActions, cardText } from '../helpers/test-bot';
import { ComposeExtensionResult, studioLink } from '../helpers/compose-extension';
import { MOCK, PlaygroundSession, startPlaygroundSession } from './helpers/playground-session';

/**
 * Issue 16 through a real Microsoft 365 Agents Playground: its message extension pane sends
 * `composeExtension/query` (Search command) and `composeExtension/queryLink` (Link unfurling) from the
 * compose box of a chat; a chosen card is then sent into the chat as Alice's message, and its buttons
 * reach the bot from there. What the Playground does not do: draw the unfurl's thumbnail preview (its log
 * panel says so; the card itself is shown), or follow taps on search results (JobOps uses none).
 */
jest.setTimeout(60_000);

const { alice } = MOCK.users;
let s: PlaygroundSession;
beforeAll(async () => {
  s = await startPlaygroundSession();
}, 60_000);
afterAll(async () => {
  await s?.stop();
});

/** What the Playground's compose box sends for a message extension, through its conversation API. */
async function composeBox(name: string, value: unknown): Promise<ComposeExtensionResult> {
  const res = await fetch(`${s.client.baseUrl}/_conversation/v1/invoke`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name, from: { id: alice.id }, conversation: { id: MOCK.groupChat }, value }),
  });
  const text = await res.text();
  if (res.status !== 200) throw new Error(`the Playground refused ${name} (${res.status}): ${text}`);
  return (JSON.parse(text) as { composeExtension: ComposeExtensionResult }).composeExtension;
}

/** Alice sends the card the extension gave her into the group chat; returns the message's id there. */
async function sendCard(card: unknown): Promise<string> {
  const res = await fetch(`${s.client.baseUrl}/_conversation/v1/conversations/${encodeURIComponent(MOCK.groupChat)}/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ from: { id: alice.id }, attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: card }], attachmentLayout: 'list' }),
  });
  const text = await res.text();
  if (res.status !== 200) throw new Error(`the Playground refused the card (${res.status}): ${text}`);
  return (JSON.parse(text) as { messageId: string }).messageId;
}

async function press(messageId: string, card: unknown, title: string): Promise<string> {
  const b = cardActions(card).find((a) => a.title === title);
  if (!b) throw new Error(`no "${title}" button on ${cardText(card).slice(0, 200)}`);
  const r = await s.client.press(MOCK.groupChat, alice.id, messageId, b);
  expect(r.status).toBe(200);
  return cardText(r.body.value);
}

it('Find a job: the search answers in the Playground, and an inserted result opens the job from the chat', async () => {
  // As the Playground's pane sends it when Command ID and Parameter name are left blank.
  const found = await composeBox('composeExtension/query', { parameters: [{ value: 'failed in prod' }], queryOptions: { skip: 0, count: 25 } });
  expect(found.type).toBe('result');
  expect(found.attachments!.length).toBeGreaterThan(0);
  const first = found.attachments![0]!;
  expect(first.preview?.content.subtitle).toBe('❌ Failed · prod');
  const messageId = await sendCard(first.content);
  const shown = await press(messageId, first.content, 'Details');
  expect(shown).toContain(first.preview!.content.title!);
  expect(shown).toContain('Workspace: prod (production)');
});

it('a pasted Studio link: the Playground gets the job card, and its Summary works once sent', async () => {
  const unfurled = await composeBox('composeExtension/queryLink', { url: studioLink('train-fraud-gbm-prod-20', 'mlw-prod') });
  expect(unfurled.type).toBe('result');
  const card = unfurled.attachments![0]!.content;
  expect(cardText(card)).toMatch(/train-fraud-gbm-prod-20[\s\S]*❌ Failed/);
  const messageId = await sendCard(card);
  expect(await press(messageId, card, 'Summary')).toMatch(/train-fraud-gbm-prod-20/);
});

it('a link to a workspace JobOps does not serve: the short preview, through the Playground too', async () => {
  const unfurled = await composeBox('composeExtension/queryLink', { url: studioLink('train-resnet50-nightly', 'mlw-other') });
  expect(unfurled.attachments![0]!.content.text).toMatch(/^Not a workspace this bot serves/);
});
