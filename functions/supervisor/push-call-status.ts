import type { SQSRecord } from 'aws-lambda';
import { logger } from '../../lib/shared/logger';
import { sqsFifoHandler } from '../../lib/shared/sqs-fifo-batch';
import { MalformedCallStatusEventError, parseCallStatusMessage } from '../../lib/supervisor/call-status';
import { loadPushConfig, makePushDeps } from '../../lib/supervisor/deps';
import { pushCallStatuses } from '../../lib/supervisor/push-call-statuses';

const deps = makePushDeps(loadPushConfig());

// The status queue has one message group, so a batch is one group, in order. Every record is parsed
// before anything is pushed: a malformed one (or a failed connection listing) fails the whole group,
// which comes back in order with nothing pushed twice. A record that keeps failing goes to the DLQ.
export const handleStatusChanges = async (_groupId: string, records: SQSRecord[]) => {
  const messages = records.map((record) => {
    try {
      return parseCallStatusMessage(record.body);
    } catch (error) {
      if (error instanceof MalformedCallStatusEventError) {
        logger.error('Malformed call status event', { messageId: record.messageId, problems: error.problems });
      }
      throw error;
    }
  });
  await pushCallStatuses(deps, messages);
};

export const handler = sqsFifoHandler(handleStatusChanges);
