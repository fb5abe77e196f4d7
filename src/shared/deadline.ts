import { Logger } from './logger';

/** The work's value when it settled within the deadline; `done: false` when it is still running. */
export type WithinResult<T> = { done: true; value: T } | { done: false };

export interface TurnWork<T> {
  /**
   * Waits at most `ms` for the work. A failure within the deadline is rethrown, so callers keep
   * their usual error handling; past the deadline the work is not stopped, only no longer waited for.
   */
  within(ms: number): Promise<WithinResult<T>>;
  /**
   * Runs `next` once the work has settled (straight away if it already has). Register it only after
   * the turn's own answer is built, so a late update can never be overtaken by the stale "still
   * trying" card. A failure of `next` is logged with `what`, never swallowed.
   */
  afterwards(next: (outcome: PromiseSettledResult<T>) => Promise<void>): void;
}

/**
 * Teams drops an invoke that is not answered within a few seconds and a message turn after ~15 s
 * (teams-facts.md), while one Azure call under throttling may take longer than that on its own
 * (bounded retries honouring Retry-After). So a turn starts its Azure work here, answers with what
 * it knows at the deadline, and sends the outcome later.
 *
 * The work is never abandoned or cut short: it carries its own bounds, and stopping it half-way
 * could leave a cancel POSTed but its outcome unrecorded.
 */
export function startTurnWork<T>(work: () => Promise<T>, logger: Logger, what: string): TurnWork<T> {
  // Settles exactly once and never rejects: the outcome is a value, so nothing is left unhandled.
  const settled: Promise<PromiseSettledResult<T>> = Promise.resolve()
    .then(work)
    .then(
      (value): PromiseSettledResult<T> => ({ status: 'fulfilled', value }),
      (reason: unknown): PromiseSettledResult<T> => ({ status: 'rejected', reason }),
    );
  return {
    async within(ms) {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<undefined>((resolve) => {
        timer = setTimeout(() => resolve(undefined), Math.max(0, ms));
      });
      const first = await Promise.race([settled, timeout]);
      clearTimeout(timer);
      if (!first) return { done: false };
      if (first.status === 'rejected') throw first.reason;
      return { done: true, value: first.value };
    },
    afterwards(next) {
      void settled.then(async (o) => {
        try {
          await next(o);
        } catch (err) {
          logger.error({ err, what }, 'could not tell the user how background work ended');
        }
      });
    },
  };
}
