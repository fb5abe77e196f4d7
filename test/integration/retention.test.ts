import { VERBS } from '../../src/cards/verbs';
import { TableStore } from '../../src/storage/table-store';
import { readAll } from '../helpers/read-all';
import { cardActions, cardText, firstCard, useTestBot } from '../helpers/test-bot';

/**
 * The retention sweep through the real Azure Tables protocol (Azurite): handles made by replies, audit entries
 * of a cancel, and a mute (found through the expiry index) are deleted once the emulator clock has moved past
 * their retention, and a button pressed after that says the card is out of date.
 */
const t = useTestBot({
  env: { HANDLE_TTL_MAX: '10m', RETENTION_EXPIRED_HANDLES: '5m', RETENTION_AUDIT: '2h', RETENTION_DELIVERY: '1h', RETENTION_DECIDED_APPROVALS: '1h' },
});

const rows = async (name: string): Promise<number> => (await readAll(new TableStore(t.config.storageConnectionString!).collection(name, (r) => r))).length;

it('sweeps expired handles, old audit entries and run-out mutes, and only those', async () => {
  const list = firstCard((await t.send('list in dev top=3')).activities);
  const show = cardActions(list).find((a) => a.verb === VERBS.showJob)!;
  await t.send('show train-resnet50-nightly');
  t.emulator.addJob({ name: 'retain-me-1', status: 'Running' });
  const ask = firstCard((await t.send('cancel retain-me-1 because retention test')).activities);
  await t.invoke(VERBS.cancelConfirm, cardActions(ask).find((a) => a.verb === VERBS.cancelConfirm)!.data);
  expect((await t.send('mute exp-retain in dev for 1h')).activities[0]!.text).toMatch(/Muted experiment `exp-retain`/);
  // list and show store nothing (their buttons are sealed read handles, issue 13); the cancel's record is stored.
  const handles = await rows('handles');
  expect(handles).toBeGreaterThanOrEqual(1);
  expect(await rows('audit')).toBeGreaterThanOrEqual(3);
  expect(await rows('mutes')).toBe(1);

  // Nothing has outlived its retention yet: a sweep deletes nothing.
  await t.bot.retention.tick();
  expect(await rows('handles')).toBe(handles);

  t.emulator.clock.advance(16 * 60_000); // handles: 10 min life + 5 min grace
  await t.bot.retention.tick();
  expect(await rows('handles')).toBe(0);
  expect(await rows('audit')).toBeGreaterThanOrEqual(3);
  // A stored handle swept away says "out of date"; a read handle carries its own expiry and says "expired".
  const swept = await t.invoke(VERBS.cancelConfirm, cardActions(ask).find((a) => a.verb === VERBS.cancelConfirm)!.data);
  expect(cardText(swept.body.value)).toMatch(/out of date/);
  const pressed = await t.invoke(VERBS.showJob, show.data);
  expect(cardText(pressed.body.value)).toMatch(/expired/);

  t.emulator.clock.advance(2 * 3_600_000 + 60_000);
  await t.bot.retention.tick();
  expect(await rows('mutes')).toBe(0);
  // The press above wrote a card.rejected entry 2 h 1 min ago: everything older than 2 h is gone, that one included.
  expect(await rows('audit')).toBe(0);
  expect(await rows('auditbyjob')).toBe(0);
  expect(t.bot.retention.totals.get('expiry index')).toBeGreaterThanOrEqual(1);
});
