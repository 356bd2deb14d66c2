import { sleep } from '../../shared/clock';
import type { AiAnalyzer, AiResult } from '../ports';

export class AiUnavailableError extends Error {
  override name = 'AiUnavailableError';
}

/**
 * The AI dependency, simulated: a latency in [minMs, maxMs], and a failure with probability failureRate.
 * alwaysFails (a test hook of the local stage) names calls for which every attempt fails.
 */
export class SimulatedAiAnalyzer implements AiAnalyzer {
  constructor(
    private readonly settings: { minMs: number; maxMs: number; failureRate: number; alwaysFails?: (callId: string) => boolean },
    private readonly random: () => number = Math.random,
  ) {}

  async analyze(call: { callId: string; eventCount: number }): Promise<AiResult> {
    const { minMs, maxMs, failureRate, alwaysFails } = this.settings;
    await sleep(minMs + this.random() * Math.max(0, maxMs - minMs));
    if (alwaysFails?.(call.callId) || this.random() < failureRate) throw new AiUnavailableError('The AI service did not answer (simulated failure)');
    return { summary: `Call ${call.callId}: ${call.eventCount} events analysed`, model: 'simulated' };
  }
}
