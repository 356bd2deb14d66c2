/** Time as the domain sees it: injected so that tests can control it. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
