import type { AzureTrouble } from '../azureml/azure-signals';

/**
 * The sentence a card shows while Azure work goes on after the turn answered. It names the trouble
 * the Azure client actually saw (never a guess), and says nothing about internals.
 */
export function stillTrying(trouble: AzureTrouble | undefined): string {
  const why = trouble === 'throttled' ? 'Azure ML is throttling us'
    : trouble === 'unavailable' ? 'Azure ML is having a temporary problem'
      : trouble === 'not-answering' ? 'Azure ML is not answering yet'
        : 'Azure ML is slow to answer';
  return `${why}, still trying. This card updates when it is done.`;
}

/** For a second press while the first one's Azure work is still running: nothing new is started. */
export function alreadyInProgress(by: string, at: string): string {
  return `Already in progress: ${by} pressed at ${at} and I am still waiting for Azure ML. Nothing more to press; this card updates when it is done.`;
}
