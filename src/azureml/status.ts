import { KNOWN_STATUSES, KnownStatus } from './types';

const BY_LOWER = new Map<string, KnownStatus>(KNOWN_STATUSES.map((s) => [s.toLowerCase(), s]));
const TERMINAL = new Set<string>(['Completed', 'Failed', 'Canceled']);
/** CancelRequested is already on its way out; a second cancel would be noise. */
const NOT_CANCELLABLE = new Set<string>([...TERMINAL, 'CancelRequested']);

/** Event Grid sends "failed", ARM "Failed": compare and store in the spec's casing. */
export function normalizeStatus(raw: string | undefined | null): string {
  if (!raw) return 'Unknown';
  return BY_LOWER.get(raw.toLowerCase()) ?? raw;
}

export function isKnownStatus(s: string): s is KnownStatus {
  return BY_LOWER.has(s.toLowerCase());
}

export function isTerminal(status: string): boolean {
  return TERMINAL.has(normalizeStatus(status));
}

export function isCancellable(status: string): boolean {
  return !NOT_CANCELLABLE.has(normalizeStatus(status));
}

export type StatusTone = 'good' | 'attention' | 'warning' | 'accent' | 'default';

/** Icon + colour + word, so status never relies on colour alone. */
export function statusStyle(status: string): { icon: string; tone: StatusTone } {
  switch (normalizeStatus(status)) {
    case 'Completed': return { icon: '✅', tone: 'good' };
    case 'Failed': return { icon: '❌', tone: 'attention' };
    case 'Canceled': return { icon: '⏹️', tone: 'default' };
    case 'CancelRequested': return { icon: '⏳', tone: 'warning' };
    case 'Running': case 'Finalizing': return { icon: '▶️', tone: 'accent' };
    case 'NotResponding': case 'Paused': return { icon: '⚠️', tone: 'warning' };
    case 'Unknown': return { icon: '❔', tone: 'default' };
    default: return { icon: '🕒', tone: 'default' };
  }
}
