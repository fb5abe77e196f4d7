import { ALL_VERBS } from '../../../src/cards/verbs';
import { AdaptiveCardV15 } from '../../../src/cards/types';
import { actionsOf, executesOf } from './factory';

/**
 * Rules every card obeys (security.md R3.2): buttons carry only an opaque handle `{h}` or a row
 * `{h, i}`, with a verb the bot handles; a job name or workspace in card data would let anyone
 * who can edit a card payload aim a button at another job.
 */
export function expectSafeActions(card: AdaptiveCardV15, forbidden: string[]): void {
  for (const a of executesOf(card)) {
    expect(ALL_VERBS).toContain(a.verb);
    const keys = Object.keys(a.data).sort();
    expect([['h'], ['h', 'i']]).toContainEqual(keys);
    expect(typeof a.data.h).toBe('string');
    if (a.data.i !== undefined) expect(Number.isInteger(a.data.i)).toBe(true);
    const data = JSON.stringify(a.data);
    for (const f of forbidden) expect(data).not.toContain(f);
  }
  for (const a of actionsOf(card)) {
    if (a.type === 'Action.OpenUrl') expect(a.url).toMatch(/^https:\/\/ml\.azure\.com\//);
  }
}

export function expectCardShape(card: AdaptiveCardV15): void {
  expect(card.type).toBe('AdaptiveCard');
  expect(card.version).toBe('1.5');
  expect(card.fallbackText).toBeTruthy();
}
