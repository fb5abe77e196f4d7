import { statusStyle } from '../azureml/status';
import { TextBlock, TextColor } from './types';

/**
 * Teams' light theme draws `warning` text in #f8d22a, unreadable on white (contrast 1.5:1), so
 * warning-tone statuses (CancelRequested, NotResponding, Paused) keep their icon and word in the
 * default colour.
 */
const TONE_COLOR: Record<string, TextColor> = { good: 'good', attention: 'attention', warning: 'default', accent: 'accent', default: 'default' };

/** Status as icon + word + colour, never colour alone. */
export function statusLabel(status: string): string {
  return `${statusStyle(status).icon} ${status}`;
}

/**
 * "❌ Failed 2  ·  ▶️ Running 1", most frequent first. Non-breaking spaces inside each item keep
 * icon, word and count on one line when the text wraps at phone width.
 */
export function statusCounts(statuses: string[]): string {
  const counts = new Map<string, number>();
  for (const s of statuses) counts.set(s, (counts.get(s) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1]).map(([s, n]) => `${statusLabel(s)} ${n}`.replace(/ /g, '\u00a0')).join('  ·  ');
}

export function statusBlock(status: string, extra?: Partial<TextBlock>): TextBlock {
  return { type: 'TextBlock', text: statusLabel(status), color: TONE_COLOR[statusStyle(status).tone] ?? 'default', weight: 'bolder', wrap: true, ...extra };
}
