import { WEIGHTS, type Rule } from './rule-types';

/** The Python exception rules the analyzer applies itself, because they depend on where a line sits (a traceback). */

export const EXCEPTION_LINE = /^(?:[A-Za-z_][\w]*\.)*[A-Z]\w*(?:Error|Exception|Exit|Interrupt|Failure|Fault)\b(?::|$)/;
export const EXCEPTION_HEADLINE = /(?:[A-Za-z_][\w]*\.)*[A-Z]\w*(?:Error|Exception|Exit|Interrupt|Failure|Fault)\b.*$/;

/** An exception line outside a visible traceback (the excerpt or the tail may start below "Traceback"). */
export const EXCEPTION_OUTSIDE_TRACEBACK: Rule = {
  id: 'exception-line',
  category: 'user_code_error',
  weight: WEIGHTS.exceptionLine,
  pattern: EXCEPTION_LINE,
  headlineFrom: [EXCEPTION_HEADLINE],
};
// A traceback frame: a tail that starts inside a traceback still shows its frames.
export const FRAME_LINE = /^\s+File "[^"]+", line \d+/;

/**
 * An API-shape error raised inside an installed package (its frame is under site-packages) means two installed
 * versions disagree (a library calling another's removed argument or attribute), not a bug in the user's script.
 */
export const API_MISMATCH = /^(?:[\w.]+\.)?(?:AttributeError|TypeError)\b.*(?:has no attribute|unexpected keyword argument|takes \d+ positional arguments? but|missing \d+ required positional argument|'type' object is not subscriptable)/;
/** Installed code that does not parse was written for another Python than the image's. */
export const SYNTAX_ERROR = /^(?:[\w.]+\.)?SyntaxError\b/;
export const INSTALLED_CODE = /File "[^"]*(?:site|dist)-packages\//;
export const VERSION_MISMATCH: Rule = {
  id: 'package-version-mismatch',
  category: 'missing_module_or_env',
  weight: WEIGHTS.exception,
  pattern: API_MISMATCH,
  headlineFrom: [EXCEPTION_HEADLINE],
};

export const GENERIC_EXCEPTION: Rule = {
  id: 'traceback-exception',
  category: 'user_code_error',
  weight: WEIGHTS.exception,
  pattern: EXCEPTION_LINE,
  headlineFrom: [EXCEPTION_HEADLINE],
};
