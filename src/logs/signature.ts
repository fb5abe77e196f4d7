import type { FailureCategory } from './categories';

/**
 * A cause with its particulars masked, so that "pytorch-cuda=12.9 not found" in train-a and in train-b compare equal
 * while a different package does not: GUIDs, hex ids, URLs, paths, times and numbers become placeholders.
 */
export function causeSignature(category: FailureCategory, headline: string): string {
  const masked = headline
    .replace(/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi, '<id>')
    .replace(/\bhttps?:\/\/\S+/g, '<url>')
    .replace(/(?:[A-Za-z]:)?(?:\/[\w.@+-]+){2,}\/?/g, '<path>')
    .replace(/\b\d{4}-\d\d-\d\d[T ][\d:.]+Z?\b/g, '<time>')
    .replace(/\b[0-9a-f]{12,}\b/gi, '<hex>')
    .replace(/\b\d+(?:\.\d+)?\b/g, '<n>')
    .replace(/\s+/g, ' ')
    .trim();
  return `${category}:${masked}`;
}
