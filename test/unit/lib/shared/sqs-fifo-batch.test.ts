import type { SQSRecord } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { AbortBatchError, processFifoBatchByGroup } from '../../../../lib/shared/sqs-fifo-batch';

const record = (messageId: string, groupId: string): SQSRecord =>
  ({ messageId, body: '{}', attributes: { MessageGroupId: groupId, ApproximateReceiveCount: '1' } }) as unknown as SQSRecord;

describe('processFifoBatchByGroup', () => {
  it('hands each group its records together, in arrival order, one group at a time', async () => {
    const seen: string[] = [];
    const records = [record('1', 'a'), record('2', 'b'), record('3', 'a'), record('4', 'b')];

    const response = await processFifoBatchByGroup(records, async (groupId, group) => {
      seen.push(`${groupId}:${group.map((r) => r.messageId).join(',')}`);
    });

    expect(seen).toEqual(['a:1,3', 'b:2,4']);
    expect(response.batchItemFailures).toEqual([]);
  });

  it('reports every record of a failed group while the other groups go on', async () => {
    const records = [record('1', 'a'), record('2', 'b'), record('3', 'a'), record('4', 'c')];
    const handled: string[] = [];

    const response = await processFifoBatchByGroup(records, async (groupId) => {
      if (groupId === 'a') throw new Error('boom');
      handled.push(groupId);
    });

    expect(response.batchItemFailures.map((f) => f.itemIdentifier)).toEqual(['1', '3']);
    expect(handled).toEqual(['b', 'c']);
  });

  it('lets an AbortBatchError end the invocation so the whole batch is delivered again', async () => {
    const records = [record('1', 'a'), record('2', 'b')];

    await expect(
      processFifoBatchByGroup(records, async () => {
        throw new AbortBatchError('crash');
      }),
    ).rejects.toBeInstanceOf(AbortBatchError);
  });
});
