import { describe, expect, it } from 'vitest';
import { AiUnavailableError, SimulatedAiAnalyzer } from '../../../../../lib/calls/adapters/simulated-ai-analyzer';
import { aiAlwaysFails } from '../../../../../lib/shared/fault-injection';

const instant = { minMs: 0, maxMs: 0 };

describe('SimulatedAiAnalyzer', () => {
  it('fails with the configured probability', async () => {
    const flaky = new SimulatedAiAnalyzer({ ...instant, failureRate: 0.5 }, () => 0.4);
    const fine = new SimulatedAiAnalyzer({ ...instant, failureRate: 0.5 }, () => 0.6);

    await expect(flaky.analyze({ callId: 'c', eventCount: 2 })).rejects.toBeInstanceOf(AiUnavailableError);
    await expect(fine.analyze({ callId: 'c', eventCount: 2 })).resolves.toMatchObject({ model: 'simulated' });
  });

  it('always fails the calls the local fault hook names, and only when the hook is on', async () => {
    const on = new SimulatedAiAnalyzer({ ...instant, failureRate: 0, alwaysFails: aiAlwaysFails(true) });
    const off = new SimulatedAiAnalyzer({ ...instant, failureRate: 0, alwaysFails: aiAlwaysFails(false) });

    await expect(on.analyze({ callId: 'fault.ai-fails-1', eventCount: 1 })).rejects.toBeInstanceOf(AiUnavailableError);
    await expect(on.analyze({ callId: 'other', eventCount: 1 })).resolves.toBeDefined();
    await expect(off.analyze({ callId: 'fault.ai-fails-1', eventCount: 1 })).resolves.toBeDefined();
  });
});
