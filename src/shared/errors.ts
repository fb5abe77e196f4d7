import { pooledRandomBytes } from './random-pool';

/** An outcome we expect and can explain to a person; its message is safe to show in chat. */
export class UserError extends Error {
  override name = 'UserError';
  constructor(message: string, readonly code: string = 'user_error') {
    super(message);
  }
}

/** Storage or another dependency is unavailable: the user should retry shortly. */
export class RetryableError extends Error {
  override name = 'RetryableError';
}

/** Short id a user can quote to an operator; the full error is in the log under this id. */
export function newCorrelationId(): string {
  return pooledRandomBytes(4).toString('hex');
}

export interface RestLikeError {
  statusCode?: number;
  code?: string;
  message: string;
  request?: { url?: string };
  response?: { headers?: { get(name: string): string | undefined } };
}

export function isRestLike(err: unknown): err is RestLikeError {
  return typeof err === 'object' && err !== null && 'message' in err && ('statusCode' in err || 'code' in err);
}
