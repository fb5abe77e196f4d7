import { VERBS } from '../../src/cards/verbs';
import { Card, cardActions, cardText, firstCard, useTestBot } from '../helpers/test-bot';

const t = useTestBot();
beforeEach(() => t.emulator.stats.reset());

function postedCard(i = -1): Card {
  const posts = t.connector.posts().filter((c) => Array.isArray(c.body?.attachments));
  const call = posts.at(i);
  if (!call) throw new Error('nothing posted to the connector');
  return (call.body!.attachments as { content: Card }[])[0]!.content;
}

describe('summary of a failed job', () => {
  it('leads with the failure category, headline and verbatim evidence, within the call budget', async () => {
    const r = await t.send('summary train-lstm-sentiment-14');
    const card = firstCard(r.activities);
    const text = cardText(card);
    expect(text).toContain('Log summary · train-lstm-sentiment-14');
    expect(text).toMatch(/User code error/i);
    expect(text).toMatch(/exited with status code 1/);
    const c = t.emulator.stats.snapshot().counts;
    // P2: job GET + run details + ranged reads (discovery is cached after the first call).
    expect(c.jobGet).toBe(1);
    expect(c.runDetails).toBe(1);
    expect(c.jobsList ?? 0).toBe(0);
  });

  it('explains a failed pipeline from its failed step', async () => {
    const text = cardText(firstCard((await t.send('logs pipe-retrain-prod-16 in prod')).activities));
    expect(text).toMatch(/Data access/i);
    expect(text).toMatch(/step featurize/);
    expect(t.emulator.stats.snapshot().counts.runChildren).toBe(1);
  });

  it('classifies an out-of-memory failure', async () => {
    t.emulator.addJob({ name: 'oom-1', status: 'Failed', failure: 'cuda-oom' });
    const text = cardText(firstCard((await t.send('stream-summary oom-1')).activities));
    expect(text).toMatch(/Out of memory/i);
    expect(text).toMatch(/CUDA out of memory/);
  });

  it('reads only the tail of a 1 GiB log', async () => {
    t.emulator.addJob({ name: 'huge-log-1', status: 'Failed', logBytes: 1024 ** 3 });
    t.emulator.stats.reset();
    const text = cardText(firstCard((await t.send('summary huge-log-1')).activities));
    expect(text).toMatch(/Out of memory/i);
    expect(text).toMatch(/of 1\.0 GB/);
    expect(t.emulator.stats.snapshot().bytesServed).toBeLessThanOrEqual(4 * 1024 * 1024);
  });

  it('says so when a queued job has no log yet', async () => {
    t.emulator.addJob({ name: 'queued-1', status: 'Queued' });
    const text = cardText(firstCard((await t.send('summary queued-1')).activities));
    expect(text).toMatch(/No log yet/);
  });
});

describe('live summary of a running job', () => {
  it('updates the same card in place until the job ends, then stops', async () => {
    t.emulator.addJob({ name: 'live-1', status: 'Running', endsInMs: 10 * 60_000, endStatus: 'Failed', failure: 'cuda-oom' });
    const r = await t.send('summary live-1', { expectReplies: false });
    expect(r.status).toBe(200);
    const first = postedCard();
    expect(cardText(first)).toMatch(/Updating every 15s/);
    expect(cardActions(first).map((a) => a.title)).toContain('Stop updates');

    t.emulator.clock.advance(60_000);
    await t.bot.watcher.tick();
    const updates = t.connector.updates();
    expect(updates.length).toBe(1);
    expect(updates[0]!.path).toMatch(/\/v3\/conversations\/a%3Aconv-1\/activities\/act-\d+/);
    expect(cardText((updates[0]!.body!.attachments as { content: Card }[])[0]!.content)).toMatch(/Running/);

    t.emulator.clock.advance(10 * 60_000);
    await t.bot.watcher.tick();
    const last = (t.connector.updates().at(-1)!.body!.attachments as { content: Card }[])[0]!.content;
    expect(cardText(last)).toMatch(/Job ended \(Failed\)/);
    expect(cardText(last)).toMatch(/Out of memory/i);
    expect(cardActions(last).map((a) => a.title)).not.toContain('Stop updates');

    const count = t.connector.updates().length;
    await t.bot.watcher.tick();
    expect(t.connector.updates().length).toBe(count);
  });

  it('"Stop updates" stops the watch and the card says who stopped it', async () => {
    t.emulator.addJob({ name: 'live-2', status: 'Running' });
    await t.send('summary live-2', { expectReplies: false });
    const stop = cardActions(postedCard()).find((a) => a.verb === VERBS.summaryStop)!;
    const r = await t.invoke(VERBS.summaryStop, stop.data);
    expect(cardText(r.body.value)).toMatch(/Updates stopped by Alice Operator/);
    const before = t.connector.updates().length;
    t.emulator.clock.advance(60_000);
    await t.bot.watcher.tick();
    expect(t.connector.updates().length).toBe(before);
  });

  it('stops after the time limit', async () => {
    t.emulator.addJob({ name: 'live-3', status: 'Running' });
    await t.send('summary live-3', { expectReplies: false });
    t.emulator.clock.advance(31 * 60_000);
    await t.bot.watcher.tick();
    const last = (t.connector.updates().at(-1)!.body!.attachments as { content: Card }[])[0]!.content;
    expect(cardText(last)).toMatch(/Stopped updating after the time limit/);
  });

  it('the Summary button on a show card gives the summary card', async () => {
    const show = firstCard((await t.send('show train-lstm-sentiment-14')).activities);
    const btn = cardActions(show).find((a) => a.verb === VERBS.summary)!;
    const r = await t.invoke(VERBS.summary, btn.data);
    expect(cardText(r.body.value)).toContain('Log summary · train-lstm-sentiment-14');
  });
});
