import { Collection, Stored } from '../../src/storage/store';

/** Every row of a collection, for assertions and diagnostics only: the product never reads a whole collection. */
export function readAll<T>(c: Collection<T>, limit = 100_000): Promise<Stored<T>[]> {
  return c.span({ limit });
}
