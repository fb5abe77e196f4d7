/**
 * @jest-environment node
 *
 * Every card the bot can send, parsed and rendered by the official `adaptivecards` renderer in
 * headless Chromium with the Teams host config: no parse or validation warnings (but the allow-list
 * below), no element sticking out of a phone-width card, every button sends the verb and data it
 * should. A PNG per card goes to test/artifacts/cards/<name>.png for people to look at.
 *
 * Needs Debian's chromium (/usr/bin/chromium; .ci/run installs it). Without it the browser part is
 * skipped with one message; the size and coverage checks still run.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Browser, Page } from 'playwright-core';
import { AdaptiveCardV15, CardElement } from '../../src/cards/types';
import { CardFixture, cardFixtures } from './card-fixtures';
import { describeInBrowser } from '../helpers/browser';
import { ParseEvent, executed, launch, openCardPage, renderCard } from './card-page';

const FIXTURES = cardFixtures();
const ARTIFACTS = join(__dirname, '..', 'artifacts', 'cards');
const MAX_BYTES = 28 * 1024;

/**
 * Warnings we accept, deliberately and exactly. The JS renderer logs no "unknown property" events
 * (it ignores `msteams`, and knows `refresh`, `Action.Execute`, action `fallback` and `Input.Text`
 * in 1.5), so the only Teams-only extension it trips on is the chart element:
 * - `Chart.Donut` is a Teams chart the official renderer does not implement. Parsing logs that it
 *   will use the element's fallback; the test also checks that a fallback is present and rendered.
 */
const ALLOWED: { event: string; message: RegExp; why: string }[] = [
  { event: 'UnknownElementType', message: /^Unknown element type "Chart\.Donut"\. Fallback will be used if present\.$/, why: 'Teams chart; falls back to its text overview' },
];

type AnyAction = { type: string; title?: string; verb?: string; data?: Record<string, unknown>; url?: string };

/** The clickable actions in DOM order: row/element selectActions and ActionSets in body order, then card actions. */
function clickable(card: AdaptiveCardV15): AnyAction[] {
  const out: AnyAction[] = [];
  const visit = (els: CardElement[]): void => {
    for (const el of els) {
      if (el.type === 'Chart.Donut') {
        if (el.fallback !== 'drop') visit([el.fallback]);
      } else if (el.type === 'Container') {
        if (el.selectAction) out.push(el.selectAction);
        visit(el.items);
      } else if (el.type === 'ColumnSet') {
        if (el.selectAction) out.push(el.selectAction);
        for (const c of el.columns) visit(c.items);
      } else if (el.type === 'ActionSet') out.push(...el.actions);
    }
  };
  visit(card.body);
  return [...out, ...(card.actions ?? [])];
}

function inputIds(card: AdaptiveCardV15): string[] {
  const ids: string[] = [];
  const visit = (els: CardElement[]): void => {
    for (const el of els) {
      if (el.type === 'Input.Text') ids.push(el.id);
      else if (el.type === 'Container') visit(el.items);
      else if (el.type === 'ColumnSet') for (const c of el.columns) visit(c.items);
    }
  };
  visit(card.body);
  return ids;
}

/** What pressing the action must hand to the bot (Teams sends the same for Action.Execute). */
function expectedExecution(a: AnyAction, f: CardFixture): AnyAction {
  if (a.type === 'Action.OpenUrl') return { type: a.type, title: a.title, url: a.url };
  const inputs: Record<string, string> = {};
  for (const id of inputIds(f.card)) if (f.inputs?.[id] !== undefined) inputs[id] = f.inputs[id]!;
  return { type: a.type, title: a.title, verb: a.verb, data: { ...a.data, ...inputs } };
}

const squash = (s: string): string => s.replace(/\s+/g, ' ');

function unexpected(events: ParseEvent[]): ParseEvent[] {
  return events.filter((e) => !ALLOWED.some((a) => a.event === e.event && a.message.test(e.message)));
}

describe('card fixtures', () => {
  it('cover every card state, with unique names', () => {
    const names = FIXTURES.map((f) => f.name);
    expect(new Set(names).size).toBe(names.length);
    expect(names.length).toBeGreaterThanOrEqual(25);
    for (const prefix of ['list-', 'job-', 'summary-', 'cancel-', 'help', 'message-', 'audit', 'approval-', 'notice-', 'digest']) {
      expect(names.some((n) => n.startsWith(prefix))).toBe(true);
    }
  });

  it.each(FIXTURES.map((f) => [f.name, f] as const))('%s stays under 28 KB', (_name, f) => {
    expect(Buffer.byteLength(JSON.stringify(f.card), 'utf8')).toBeLessThan(MAX_BYTES);
  });
});

describeInBrowser('cards in the official Adaptive Cards renderer (headless Chromium, Teams host config)', () => {
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    browser = await launch();
    page = await openCardPage(browser);
  }, 30_000);

  afterAll(async () => {
    await browser?.close();
  });

  it.each(FIXTURES.map((f) => [f.name, f] as const))('%s: parses cleanly, renders, and its buttons send the right verb and data', async (name, f) => {
    const r = await renderCard(page, f.card);
    // Our cards have at most one input (the approver's comment): type into it.
    const typed = Object.entries(f.inputs ?? {});
    expect(typed.length).toBeLessThanOrEqual(1);
    for (const [id, value] of typed) {
      expect(inputIds(f.card)).toEqual([id]);
      await page.locator('#stage input.ac-textInput').fill(value);
    }
    // The picture first, so a failing card can still be looked at.
    await page.locator('#stage .card-frame').screenshot({ path: join(ARTIFACTS, `${name}.png`) });
    expect(unexpected(r.parseEvents)).toEqual([]);
    expect(r.validationEvents).toEqual([]);
    expect(r.overflows).toEqual([]);
    // An allowed chart fallback must really be there: the text overview is rendered instead.
    if (r.parseEvents.length) {
      const chart = f.card.body.find((e) => e.type === 'Chart.Donut');
      expect(chart?.type === 'Chart.Donut' && chart.fallback !== 'drop' && chart.fallback.type === 'TextBlock').toBe(true);
      if (chart?.type === 'Chart.Donut' && chart.fallback !== 'drop' && chart.fallback.type === 'TextBlock') {
        expect(squash(await page.locator('#stage').innerText())).toContain(squash(chart.fallback.text));
      }
    }

    const expected = clickable(f.card).map((a) => expectedExecution(a, f));
    const targets = page.locator('#stage .ac-selectable, #stage button.ac-pushButton');
    expect(await targets.count()).toBe(expected.length);
    for (let i = 0; i < expected.length; i++) await targets.nth(i).click({ timeout: 2_000 });
    const got = (await executed(page)).map((a) => JSON.parse(JSON.stringify(a)) as AnyAction);
    expect(got).toEqual(expected.map((a) => JSON.parse(JSON.stringify(a)) as AnyAction));
  }, 15_000);
});
