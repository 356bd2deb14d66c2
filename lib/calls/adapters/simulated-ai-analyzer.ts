import { sleep } from '../../shared/clock';
import type { AiAnalyzer, AiResult } from '../ports';

export class AiUnavailableError extends Error {
  override name = 'AiUnavailableError';
}

/** The AI dependency, simulated: a latency in [minMs, maxMs], and a failure with probability failureRate. */
export class SimulatedAiAnalyzer implements AiAnalyzer {
  constructor(
    private readonly settings: { minMs: number; maxMs: number; failureRate: number },
    private readonly random: () => number = Math.random,
  ) {}

  async analyze(call: { callId: string; eventCount: number }): Promise<AiResult> {
    const { minMs, maxMs, failureRate } = this.settings;
    await sleep(minMs + this.random() * Math.max(0, maxMs - minMs));
    if (this.random() < failureRate) throw new AiUnavailableError('The AI service did not answer (simulated failure)');
    return { summary: `Call ${call.callId}: ${call.eventCount} events analysed`, model: 'simulated' };
  }
}
