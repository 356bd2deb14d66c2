import { sleep } from '../../shared/clock';
import type { EventWork } from '../ports';

/** Stand-in for the business handler: EVENT_WORK_MS of asynchronous work per event. */
export class SimulatedEventWork implements EventWork {
  constructor(private readonly workMs: number) {}

  async handle(): Promise<void> {
    if (this.workMs > 0) await sleep(this.workMs);
  }
}
