/**
 * The emulator's notion of "now". Every job state is derived from it, so a manual clock makes a whole scenario
 * deterministic and a sped-up real clock lets a demo watch jobs progress quickly.
 */
export type ClockMode = 'real' | 'manual';

export interface EmulatorClock {
  readonly mode: ClockMode;
  /** Milliseconds since the Unix epoch, emulator time. */
  now(): number;
  /** Moves emulator time forward; on a real clock this adds an offset on top of wall time. */
  advance(ms: number): void;
}

export interface ClockOptions {
  mode?: ClockMode;
  startTime?: Date;
  /** Emulator milliseconds per wall millisecond (real clock only). */
  speed?: number;
  wallNow?: () => number;
}

export function createClock(opts: ClockOptions = {}): EmulatorClock {
  const mode = opts.mode ?? 'real';
  const wallNow = opts.wallNow ?? Date.now;
  const speed = opts.speed ?? 1;
  if (!(speed > 0)) throw new Error(`clock speed must be > 0, got ${speed}`);
  const origin = (opts.startTime ?? new Date(wallNow())).getTime();
  const wallOrigin = wallNow();
  let offset = 0;
  return {
    mode,
    now: () => (mode === 'manual' ? origin + offset : origin + (wallNow() - wallOrigin) * speed + offset),
    advance: (ms: number) => {
      if (!(ms >= 0)) throw new Error(`cannot move the clock backwards (${ms} ms)`);
      offset += ms;
    },
  };
}
