import { RestError } from '@azure/data-tables';
import { RetryableError } from '../shared/errors';
import { Collection } from './store';

/**
 * Storage being down (connection refused, timeouts, 5xx) is not the user's fault nor Azure ML's:
 * it becomes a RetryableError that the single translator turns into "try again in a minute".
 */
export function storageErrorsAreRetryable<T>(c: Collection<T>): Collection<T> {
  const wrap = <A extends unknown[], R>(f: (...a: A) => Promise<R>) => (...a: A): Promise<R> =>
    f(...a).catch((err: unknown) => {
      const status = statusOf(err);
      // Only transport failures and service errors; a parse error of a stored row stays what it is.
      const timedOut = (err as { name?: string } | undefined)?.name === 'AbortError';
      if (timedOut || (err instanceof RestError && (status === undefined || status >= 500))) throw new RetryableError('the bot\'s storage is not reachable, so nothing was done.');
      throw err;
    });
  const out: Collection<T> = {
    layout: c.layout, get: wrap(c.get), create: wrap(c.create), put: wrap(c.put), delete: wrap(c.delete),
    range: wrap(c.range), list: wrap(c.list), span: wrap(c.span), deleteMany: wrap(c.deleteMany),
  };
  if (c.createMany) out.createMany = wrap(c.createMany);
  return out;
}

export function statusOf(err: unknown): number | undefined {
  return err instanceof RestError ? err.statusCode : (err as { statusCode?: number } | undefined)?.statusCode;
}
