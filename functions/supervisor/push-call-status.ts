import type { SQSRecord } from 'aws-lambda';
import { logger } from '../../lib/shared/logger';
import { sqsFifoHandler } from '../../lib/shared/sqs-fifo-batch';
import { MalformedCallStatusEventError, parseCallStatusMessage } from '../../lib/supervisor/call-status';
import { loadPushConfig, makePushDeps } from '../../lib/supervisor/deps';
import { pushCallStatuses } from '../../lib/supervisor/push-call-statuses';

const deps = makePushDeps(loadPushConfig());

// The status queue has one message group, so a batch is one group, in order. A malformed record can
// never succeed, and retrying it would hold back every later change for every supervisor until it
// reached the DLQ: it is logged whole (the audit trail) and skipped. A failed connection listing fails
// the whole group, which comes back in order with nothing pushed twice.
export const handleStatusChanges = async (_groupId: string, records: SQSRecord[]) => {
  const messages = records.flatMap((record) => {
    try {
      return [parseCallStatusMessage(record.body)];
    } catch (error) {
      if (!(error instanceof MalformedCallStatusEventError)) throw error;
      logger.error('Malformed call status event skipped', { messageId: record.messageId, problems: error.problems, body: record.body });
      return [];
    }
  });
  await pushCallStatuses(deps, messages);
};

export const handler = sqsFifoHandler(handleStatusChanges);
