/**
 * A short diff of two commands, word by word: the common prefix and suffix are elided, so
 * `python train.py --lr 0.01 --epochs 20` vs `… --lr 0.001 …` reads as "… --lr 0.01 …" / "… --lr 0.001 …".
 */
const MAX = 160;

export function commandDiff(a: string | undefined, b: string | undefined): { a: string; b: string; differs: boolean } {
  if (a === b) return { a: clip(a ?? '—'), b: clip(b ?? '—'), differs: false };
  if (!a || !b) return { a: clip(a ?? '—'), b: clip(b ?? '—'), differs: true };
  const x = a.split(/\s+/);
  const y = b.split(/\s+/);
  let start = 0;
  while (start < x.length && start < y.length && x[start] === y[start]) start++;
  let end = 0;
  while (end < x.length - start && end < y.length - start && x[x.length - 1 - end] === y[y.length - 1 - end]) end++;
  // Keep one word of context before the change (usually the flag whose value changed).
  const from = Math.max(0, start - 1);
  const show = (w: string[]): string => `${from > 0 ? '… ' : ''}${w.slice(from, w.length - end).join(' ') || '(nothing)'}${end > 0 ? ' …' : ''}`;
  return { a: clip(show(x)), b: clip(show(y)), differs: true };
}

function clip(s: string): string {
  return s.length > MAX ? `${s.slice(0, MAX - 1)}…` : s;
}
