/** The call moved on since its progress was read (another consumer, or a redelivery): read again. */
export class StaleCallProgressError extends Error {
  override name = 'StaleCallProgressError';
  constructor(readonly callId: string, readonly expectedVersion: number) {
    super(`Call ${callId} is no longer at version ${expectedVersion}`);
  }
}
