import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { logger } from './logger';

/**
 * Thrown to end the whole invocation the way a crash or timeout would: nothing of the batch is
 * reported as done, so every record is delivered again. Anything else fails only its message group.
 */
export class AbortBatchError extends Error {
  override name = 'AbortBatchError';
}

export type GroupHandler = (groupId: string, records: SQSRecord[]) => Promise<void>;

/**
 * FIFO partial-batch processing, one message group at a time. A group's records are handed over
 * together, in order, so the handler can apply a run of events with one conditional write (Powertools'
 * SqsFifoPartialProcessor works record by record). When a group fails, all of its records are reported
 * as failures (nothing after the failure may overtake it) while the other groups of the batch go on,
 * like Powertools' skipGroupOnError. Groups run one after another: one batch handles one call at a time,
 * so the number of batches in flight caps the calls being handled.
 */
export async function processFifoBatchByGroup(records: SQSRecord[], handleGroup: GroupHandler): Promise<SQSBatchResponse> {
  const failures: SQSBatchResponse['batchItemFailures'] = [];
  for (const [groupId, groupRecords] of groupByMessageGroup(records)) {
    try {
      await handleGroup(groupId, groupRecords);
    } catch (error) {
      if (error instanceof AbortBatchError) throw error;
      logger.error('Message group failed; its records return to the queue', { groupId, error: error as Error });
      failures.push(...groupRecords.map((record) => ({ itemIdentifier: record.messageId })));
    }
  }
  return { batchItemFailures: failures };
}

export function groupByMessageGroup(records: SQSRecord[]): Map<string, SQSRecord[]> {
  const groups = new Map<string, SQSRecord[]>();
  for (const record of records) {
    const groupId = record.attributes.MessageGroupId ?? '';
    const group = groups.get(groupId);
    if (group) group.push(record);
    else groups.set(groupId, [record]);
  }
  return groups;
}

/** The middy stack for FIFO queue consumers. */
export function sqsFifoHandler(handleGroup: GroupHandler) {
  return middy<SQSEvent, SQSBatchResponse>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .handler((event) => processFifoBatchByGroup(event.Records, handleGroup));
}
