import { createHash, timingSafeEqual } from 'node:crypto';

const digest = (s: string): Buffer => createHash('sha256').update(s, 'utf8').digest();

/**
 * R4.1: is `presented` one of the accepted secrets? Both sides are hashed first so the comparison is over
 * equal-length buffers (timingSafeEqual requires it) and neither the length nor a matching prefix of the real
 * secret leaks through timing. Every candidate is compared, so which slot matched does not leak either.
 */
export function matchesSecret(presented: string | undefined, accepted: readonly string[]): boolean {
  if (presented === undefined || presented === '' || accepted.length === 0) return false;
  const p = digest(presented);
  let ok = false;
  for (const secret of accepted) {
    if (secret === '') continue;
    if (timingSafeEqual(p, digest(secret))) ok = true;
  }
  return ok;
}
