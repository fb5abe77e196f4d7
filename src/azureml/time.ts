/**
 * Azure ML timing strings are inconsistent: "2024-07-24 08:48:48" (no T, no zone, UTC implied),
 * ISO with a 7-digit fraction, or Date objects from the SDK. Anything else is "unknown", not NaN.
 */
export function parseAzureTime(v: unknown): Date | undefined {
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? undefined : v;
  if (typeof v !== 'string' || v.trim() === '') return undefined;
  let s = v.trim();
  // Only date-shaped strings: `new Date("2024")` would otherwise turn a stray number into a date.
  if (!/^\d{4}-\d{2}-\d{2}/.test(s)) return undefined;
  if (/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}/.test(s)) s = s.replace(' ', 'T');
  // JavaScript rejects more than 3 fraction digits in some engines; trim to milliseconds.
  s = s.replace(/(\.\d{3})\d+/, '$1');
  if (!/[zZ]|[+-]\d{2}:?\d{2}$/.test(s)) s += 'Z';
  const d = new Date(s);
  return Number.isNaN(d.getTime()) ? undefined : d;
}
