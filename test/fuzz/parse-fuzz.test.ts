import { parse } from '../../src/grammars';
import { NASTY, PROMPTS, int, mulberry32, mutateString, pick, randomText } from './fuzz-kit';

/**
 * T21 fuzz (command parser): 5,000 random and mutated real commands. parse() must never throw and
 * must answer ok or a short, printable error: the error is echoed into chat, so raw control or
 * bidi characters could reorder or hide parts of the bot's reply.
 */
const REAL = [
  'help', '?', 'list', 'ls in prod', 'list in prod status=Failed,Running since=12h', 'list mine top=5 type=command',
  'list tag=team=fraud experiment=fraud-retrain', 'show train-resnet50-nightly', 'get sweep-lr-42 in dev',
  'summary train-resnet50-nightly in prod', 'cancel sweep-lr-42 because runaway', 'cancel sweep-lr-42 in prod because out of budget',
  'audit sweep-lr-42 in dev', 'promote train-abc in prod as fraud-model from model_output', 'approvals here for prod',
  'subscribe prod failures experiment=fraud-retrain', 'subscribe dev stuck queued>30m running>6h', 'subscriptions',
  'unsubscribe prod', 'unsubscribe all', 'mute fraud-hparams in prod for 24h', 'unmute fraud-hparams in prod',
];

// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL_OR_BIDI = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

function input(i: number, rng: () => number): string {
  const kind = i % 10;
  if (kind < 4) {
    let s = pick(rng, REAL);
    for (let n = 1 + int(rng, 4); n > 0; n--) s = mutateString(rng, s);
    return s;
  }
  if (kind < 6) return `${pick(rng, REAL).split(' ')[0]} ${randomText(rng, 80)}`;
  if (kind === 6) return randomText(rng, 200);
  if (kind === 7) return `${pick(rng, REAL)} ${pick(rng, PROMPTS)}`;
  if (kind === 8) return `${pick(rng, ['show ', 'cancel ', 'list ', 'subscribe prod ', ''])}${pick(rng, NASTY).repeat(1 + int(rng, 3000))}`;
  // Huge: past the 2,000-character limit, or just under it with one huge word.
  return rng() < 0.5 ? `show ${'a'.repeat(1_900 + int(rng, 200))}` : `${pick(rng, REAL)} ${randomText(rng, 40).repeat(50 + int(rng, 300))}`;
}

describe('T21 fuzz: command parser', () => {
  it('T21 fuzz: 5,000 random and mutated commands → never throws; ok or a short printable error', () => {
    const rng = mulberry32(0x5eed_0021);
    const bad: string[] = [];
    for (let i = 0; i < 5_000; i++) {
      const text = input(i, rng);
      let r: ReturnType<typeof parse>;
      try {
        r = parse(text);
      } catch (err) {
        bad.push(`#${i} threw ${(err as Error).message} for ${JSON.stringify(text.slice(0, 80))}`);
        continue;
      }
      if (r.ok) continue;
      if (typeof r.error !== 'string' || r.error.length === 0 || r.error.length > 300) bad.push(`#${i} error length ${String(r.error?.length)} for ${JSON.stringify(text.slice(0, 80))}`);
      else if (CONTROL_OR_BIDI.test(r.error)) bad.push(`#${i} raw control/bidi character in ${JSON.stringify(r.error)}`);
    }
    // Show a handful with their index: rerunning with the same seed reproduces them.
    expect(bad.slice(0, 10)).toEqual([]);
  });

  it('T21 fuzz: the real commands still parse (the fuzz corpus is meaningful)', () => {
    for (const c of REAL) expect(parse(c)).toMatchObject({ ok: true });
  });
});
