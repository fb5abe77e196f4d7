import { VERBS } from '../../src/cards/verbs';
import { USERS, cardActions, cardText, firstCard, useTestBot } from '../helpers/test-bot';

const t = useTestBot();
beforeEach(() => t.emulator.stats.reset());

describe('list', () => {
  it('answers with a card of the newest jobs and one ARM call per page', async () => {
    const r = await t.send('list');
    expect(r.status).toBe(200);
    const card = firstCard(r.activities);
    const text = cardText(card);
    expect(text).toContain('Jobs in dev');
    const rows = cardActions(card).filter((a) => a.verb === VERBS.showJob);
    expect(rows).toHaveLength(10);
    expect(cardActions(card).some((a) => a.verb === VERBS.listMore)).toBe(true);
    expect(t.emulator.stats.snapshot().counts.jobsList).toBe(1);
  });

  it('filters by status across pages and says when nothing matches', async () => {
    const r = await t.send('list in prod status=failed');
    const text = cardText(firstCard(r.activities));
    expect(text).toContain('Jobs in prod');
    expect(text).toMatch(/Failed/);
    expect(text).not.toMatch(/Running/);
  });

  it('More continues where the page stopped, with no ARM token on the card', async () => {
    const first = firstCard((await t.send('list top=5')).activities);
    const more = cardActions(first).find((a) => a.verb === VERBS.listMore)!;
    expect(JSON.stringify(first)).not.toMatch(/skip/i);
    const firstNames = cardActions(first).filter((a) => a.verb === VERBS.showJob).length;
    expect(firstNames).toBe(5);
    const r = await t.invoke(VERBS.listMore, more.data);
    expect(r.status).toBe(200);
    const second = r.body.value as Parameters<typeof cardText>[0];
    expect(cardText(second)).toContain('page 2');
    const a = cardText(first).split('\n').filter((l) => /-\d|nightly|quick/.test(l));
    const b = cardText(second).split('\n').filter((l) => /-\d|nightly|quick/.test(l));
    expect(b.some((l) => a.includes(l) && /^[a-z0-9-]+$/.test(l))).toBe(false);
  });
});

describe('show', () => {
  it('shows a failed pipeline with its error from the data plane and its steps', async () => {
    const r = await t.send('show pipe-retrain-prod-16 in prod');
    const card = firstCard(r.activities);
    const text = cardText(card);
    expect(text).toContain('Failed');
    expect(text).toMatch(/Error/);
    expect(text).toMatch(/Steps \(\d+\)/);
    const titles = cardActions(card).map((a) => a.title);
    expect(titles).toEqual(expect.arrayContaining(['Summary', 'Refresh']));
    expect(titles).not.toContain('Cancel job');
    const c = t.emulator.stats.snapshot().counts;
    expect(c.jobGet).toBe(1);
  });

  it('answers an unknown job with the workspace and near names', async () => {
    const r = await t.send('show pipe-retrain-prod-1 in prod');
    expect(r.activities[0]!.text).toMatch(/No job named `pipe-retrain-prod-1` in workspace `prod`/);
    expect(r.activities[0]!.text).toMatch(/Did you mean/);
  });
});

describe('help and unknown input', () => {
  it('help lists the commands', async () => {
    const text = cardText(firstCard((await t.send('help')).activities));
    expect(text).toMatch(/list/);
    expect(text).toMatch(/cancel/);
  });

  it('help hides cancel from someone who may cancel nowhere', async () => {
    const text = cardText(firstCard((await t.send('help', { user: USERS.eve })).activities));
    // dev has no operators list, so everyone may cancel there.
    expect(text).toMatch(/cancel/);
  });

  it('suggests the closest command for a typo', async () => {
    const r = await t.send('lsit in prod');
    expect(r.activities[0]!.text).toMatch(/Did you mean `list`/);
  });
});

describe('where people talk to the bot', () => {
  it('answers an @mention in a channel thread', async () => {
    const r = await t.send('<at>JobOps</at> list in prod top=3', {
      conversationType: 'channel',
      conversationId: '19:abc@thread.tacv2;messageid=1700000000000',
      extra: {
        entities: [{ type: 'mention', text: '<at>JobOps</at>', mentioned: { id: '28:jobops', name: 'JobOps' } }],
        channelData: { tenant: { id: 'tenant-1' }, team: { id: '19:team@thread.tacv2' }, channel: { id: '19:abc@thread.tacv2' } },
      },
    });
    const card = firstCard(r.activities);
    expect(cardText(card)).toContain('Jobs in prod');
    expect(cardActions(card).filter((a) => a.verb === VERBS.showJob)).toHaveLength(3);
  });

  it('answers in a group chat', async () => {
    const r = await t.send('SHOW train-resnet50-nightly', { conversationType: 'groupChat', conversationId: '19:group@thread.v2' });
    expect(cardText(firstCard(r.activities))).toContain('train-resnet50-nightly');
  });

  it('a Show button on a list card opens that row’s job, only in the conversation it was sent to', async () => {
    const list = firstCard((await t.send('list in prod top=3', { conversationId: 'a:conv-rows' })).activities);
    const row = cardActions(list).filter((a) => a.verb === VERBS.showJob)[1]!;
    const shown = await t.invoke(VERBS.showJob, row.data, { conversationId: 'a:conv-rows' });
    const name = cardText(list).split('\n').find((l) => l === cardText(shown.body.value).split('\n')[0]);
    expect(name).toBeDefined();
    const elsewhere = await t.invoke(VERBS.showJob, row.data, { conversationId: 'a:other' });
    expect(cardText(elsewhere.body.value)).toMatch(/out of date/);
  });
});
