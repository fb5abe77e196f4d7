/**
 * The team's acceptance gates for promotions, written in the config as short sentences a reviewer can read:
 * `auc >= 0.92`, `latency_ms <= 40`, `auc not worse than current by more than 0.5%` (also `auc within 0.5% of current`).
 * Parsed once when the config is loaded; a rule that does not parse stops the start with its text in the message.
 */
export type Gate =
  | { rule: string; metric: string; kind: 'threshold'; op: '>=' | '<=' | '>' | '<'; value: number }
  | { rule: string; metric: string; kind: 'not-worse'; tolerancePct: number };

const METRIC = '([A-Za-z0-9_.\\-/]+)';
const THRESHOLD = new RegExp(`^${METRIC}\\s*(>=|<=|>|<)\\s*(-?\\d+(?:\\.\\d+)?)$`);
const NOT_WORSE = new RegExp(`^${METRIC}\\s+(?:not worse than current by more than|within)\\s+(\\d+(?:\\.\\d+)?)\\s*%(?:\\s+of current)?$`, 'i');

/** A gate, or an error sentence naming the rule and the forms that are understood. */
export function parseGate(text: string): Gate | string {
  const rule = text.replace(/\s+/g, ' ').trim();
  const t = THRESHOLD.exec(rule);
  if (t) return { rule, metric: t[1]!, kind: 'threshold', op: t[2] as '>=', value: Number(t[3]) };
  const n = NOT_WORSE.exec(rule);
  if (n) return { rule, metric: n[1]!, kind: 'not-worse', tolerancePct: Number(n[2]) };
  return `"${rule.slice(0, 80)}" is not a gate; write "<metric> >= <number>" (or <=, >, <) or "<metric> not worse than current by more than <n>%"`;
}
