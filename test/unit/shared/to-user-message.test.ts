import { RestError } from '@azure/core-rest-pipeline';
import { RetryableError, UserError } from '../../../src/shared/errors';
import { ErrorContext, toUserMessage } from '../../../src/shared/to-user-message';

const REF = 'c0ffee42';
const CTX: ErrorContext = {
  operation: 'read jobs',
  permission: 'Microsoft.MachineLearningServices/workspaces/jobs/read',
  workspaceAlias: 'prod',
  correlationId: REF,
};

/** What Azure errors carry that must never reach a chat: tokens, internal URLs, raw JSON, stacks. */
const SECRET = 'https://eastus2.api.azureml.ms/history/runs/x?sig=SECRET-SAS-TOKEN';

function restError(statusCode: number | undefined, code?: string): RestError {
  return new RestError(`{"error":{"code":"AuthorizationFailed","message":"client 1234 at ${SECRET}"}}`, { statusCode, code });
}

function expectNothingLeaked(msg: string): void {
  expect(msg).not.toContain('SECRET');
  expect(msg).not.toContain('{"error"');
  expect(msg).not.toMatch(/\bat .*\.(ts|js):\d+/);
}

describe('toUserMessage', () => {
  it('passes a UserError through unchanged (it was written for people)', () => {
    expect(toUserMessage(new UserError('I can\'t find `train-42` in `prod`.'), CTX)).toBe('I can\'t find `train-42` in `prod`.');
  });

  it.each([401, 403])('%s names the operation, the workspace and the missing permission', (status) => {
    const msg = toUserMessage(restError(status), CTX);
    expect(msg).toBe(
      "I'm not allowed to read jobs in `prod`: the bot's identity lacks `Microsoft.MachineLearningServices/workspaces/jobs/read` on that workspace. Ask an Azure admin to grant the JobOps role. (ref c0ffee42)",
    );
    expectNothingLeaked(msg);
  });

  it('403 naming the missing action (ARM AuthorizationFailed) names that action rather than the expected one', () => {
    const armMessage = "The client '1111' with object id '1111' does not have authorization to perform action 'Microsoft.MachineLearningServices/workspaces/jobs/cancel/action' over scope '/subscriptions/0/resourceGroups/rg/providers/Microsoft.MachineLearningServices/workspaces/w/jobs/j' or the scope is invalid. If access was recently granted, please refresh your credentials.";
    const msg = toUserMessage(new RestError(armMessage, { statusCode: 403, code: 'AuthorizationFailed' }), CTX);
    expect(msg).toBe(
      "I'm not allowed to read jobs in `prod`: the bot's identity lacks `Microsoft.MachineLearningServices/workspaces/jobs/cancel/action` on that workspace. Ask an Azure admin to grant the JobOps role. (ref c0ffee42)",
    );
    expect(msg).not.toContain('/subscriptions/');
    // Anything that is not a well-formed action name falls back to the expected permission.
    expect(toUserMessage(new RestError("to perform action 'rm -rf /' over scope", { statusCode: 403 }), CTX)).toContain('`Microsoft.MachineLearningServices/workspaces/jobs/read`');
  });

  it('403 without a known permission still says who to ask', () => {
    expect(toUserMessage(restError(403), { correlationId: REF })).toBe("I'm not allowed to do that. Ask an Azure admin to grant the JobOps role. (ref c0ffee42)");
  });

  it.each<[string, unknown, RegExp]>([
    ['404', restError(404), /^Azure ML says the workspace or resource in `prod` does not exist\. Check the JobOps configuration\. \(ref c0ffee42\)$/],
    ['429', restError(429), /^Azure ML is throttling requests in `prod` right now\. Please try again in a minute\. \(ref c0ffee42\)$/],
    ['500', restError(500), /^Azure ML had a temporary problem \(HTTP 500\) when I tried to read jobs in `prod`\. Please try again shortly\. \(ref c0ffee42\)$/],
    ['503', restError(503), /HTTP 503.*try again shortly.*\(ref c0ffee42\)/],
    ['AbortError (timeout)', Object.assign(new Error('The operation was aborted.'), { name: 'AbortError' }), /^Azure ML did not answer in time when I tried to read jobs in `prod`\. Please try again in a minute\. \(ref c0ffee42\)$/],
    ['ECONNREFUSED', Object.assign(new Error(`connect ECONNREFUSED 10.0.0.1:443 ${SECRET}`), { code: 'ECONNREFUSED' }), /^I can't reach Azure ML in `prod` right now\. Please try again shortly\. \(ref c0ffee42\)$/],
    ['ECONNREFUSED as a RestError', restError(undefined, 'ECONNREFUSED'), /^I can't reach Azure ML in `prod`/],
    ['ENOTFOUND', Object.assign(new Error('getaddrinfo ENOTFOUND'), { code: 'ENOTFOUND' }), /can't reach Azure ML/],
    ['ETIMEDOUT', Object.assign(new Error('timeout'), { code: 'ETIMEDOUT' }), /can't reach Azure ML/],
    ['RetryableError', new RetryableError('storage is busy.'), /^I can't read jobs right now: storage is busy\. Please try again in a minute\. \(ref c0ffee42\)$/],
  ])('%s gives an actionable sentence with the ref id', (_name, err, expected) => {
    const msg = toUserMessage(err, CTX);
    expect(msg).toMatch(expected);
    expect(msg).toContain(`(ref ${REF})`);
    expectNothingLeaked(msg);
  });

  it.each<[string, unknown]>([
    ['a plain Error', new Error(`boom at ${SECRET}`)],
    ['a TypeError', new TypeError("Cannot read properties of undefined (reading 'SECRET')")],
    ['a RestError with an unhandled status', restError(418)],
    ['a string', `SECRET ${SECRET}`],
    ['undefined', undefined],
    ['null', null],
    ['an object', { message: 'SECRET' }],
  ])('%s reveals nothing but the ref id', (_name, err) => {
    const msg = toUserMessage(err, CTX);
    expect(msg).toBe('Something went wrong while I tried to read jobs in `prod`. The team can look it up with ref c0ffee42.');
    expectNothingLeaked(msg);
  });

  // Gap: architecture.md (habit 8) lists 409 among the statuses that "become actionable sentences";
  // today a 409 (e.g. a job in a state that refuses the operation) gets the generic message.
  it('409 gives an actionable sentence', () => {
    expect(toUserMessage(restError(409), CTX)).not.toMatch(/^Something went wrong/);
  });

  it('never includes a stack', () => {
    const err = new Error('SECRET');
    expect(toUserMessage(err, CTX)).not.toContain(err.stack?.split('\n')[1]?.trim() ?? 'unreachable');
  });

  it('defaults the operation to "do that" and omits the workspace when unknown', () => {
    expect(toUserMessage(new Error('x'), { correlationId: REF })).toBe('Something went wrong while I tried to do that. The team can look it up with ref c0ffee42.');
  });
});
