import { createHttpHeaders, createPipelineRequest, PipelineResponse } from '@azure/core-rest-pipeline';
import { TroubleTracker, idsFromError, idsFromHeaders } from '../../../src/azureml/azure-signals';

const request = createPipelineRequest({ url: 'http://127.0.0.1/x' });
const answer = (status: number): PipelineResponse => ({ status, headers: createHttpHeaders(), request });

describe('Azure ids from a response', () => {
  it('reads x-ms-request-id and x-ms-correlation-request-id, from headers or from a RestError', () => {
    const headers = createHttpHeaders({ 'x-ms-request-id': 'r-1', 'x-ms-correlation-request-id': 'c-1' });
    expect(idsFromHeaders(headers)).toEqual({ requestId: 'r-1', correlationRequestId: 'c-1' });
    expect(idsFromError({ statusCode: 403, response: { headers } })).toEqual({ requestId: 'r-1', correlationRequestId: 'c-1' });
  });

  it('is empty when there was no answer (a timeout or a dropped connection)', () => {
    expect(idsFromError(new Error('aborted'))).toEqual({});
    expect(idsFromHeaders(createHttpHeaders())).toEqual({});
  });
});

describe('TroubleTracker: why Azure ML is slow, for a "still trying" card', () => {
  it('names the latest trouble an attempt met: 429, then 5xx', async () => {
    const t = new TroubleTracker();
    const policy = t.policy();
    expect(t.recent()).toBeUndefined();
    await policy.sendRequest(request, async () => answer(429));
    expect(t.recent()).toBe('throttled');
    await policy.sendRequest(request, async () => answer(503));
    expect(t.recent()).toBe('unavailable');
    await policy.sendRequest(request, async () => answer(200));
    expect(t.recent()).toBe('unavailable');
  });

  it('an attempt hanging since after the last trouble wins over it; a thrown network error is "not answering"', async () => {
    jest.useFakeTimers({ now: new Date('2025-06-02T09:00:00Z'), doNotFake: ['nextTick', 'setImmediate'] });
    try {
      const t = new TroubleTracker();
      const policy = t.policy();
      await policy.sendRequest(request, async () => answer(503));
      jest.setSystemTime(new Date('2025-06-02T09:00:00.500Z'));
      let release: (r: PipelineResponse) => void = () => undefined;
      const hanging = policy.sendRequest(request, () => new Promise<PipelineResponse>((r) => (release = r)));
      jest.setSystemTime(new Date('2025-06-02T09:00:01Z'));
      expect(t.recent()).toBe('unavailable');
      jest.setSystemTime(new Date('2025-06-02T09:00:03Z'));
      expect(t.recent()).toBe('not-answering');
      release(answer(200));
      await hanging;
      expect(t.recent()).toBe('unavailable');
      await expect(policy.sendRequest(request, async () => Promise.reject(Object.assign(new Error('reset'), { code: 'ECONNRESET' })))).rejects.toThrow('reset');
      expect(t.recent()).toBe('not-answering');
      jest.setSystemTime(new Date('2025-06-02T09:02:00Z'));
      expect(t.recent()).toBeUndefined();
    } finally {
      jest.useRealTimers();
    }
  });
});
