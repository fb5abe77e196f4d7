import type { TokenCredential } from '@azure/identity';
import { Pipeline, PipelinePolicy, bearerTokenAuthenticationPolicyName } from '@azure/core-rest-pipeline';
import { isLoopbackUrl } from '../config';

export const LOOPBACK_POLICY = 'jobopsLoopbackPolicy';

/**
 * The SDK refuses bearer tokens and plain http; the embedded emulator is plain http on loopback.
 * Only for loopback URLs do we swap the bearer policy for a fixed local token — never elsewhere.
 */
export function loopbackPolicy(): PipelinePolicy {
  return {
    name: LOOPBACK_POLICY,
    async sendRequest(request, next) {
      if (!isLoopbackUrl(request.url)) throw new Error('the local-mode pipeline only talks to loopback endpoints');
      request.allowInsecureConnection = true;
      request.headers.set('Authorization', 'Bearer local-emulator');
      return next(request);
    },
  };
}

export function useLoopbackAuth(pipeline: Pipeline): void {
  pipeline.removePolicy({ name: bearerTokenAuthenticationPolicyName });
  pipeline.addPolicy(loopbackPolicy());
}

/** A credential that never leaves the process: used only with loopbackPolicy. */
export const noCredential: TokenCredential = {
  async getToken() {
    return { token: 'local-emulator', expiresOnTimestamp: Date.now() + 3_600_000 };
  },
};
