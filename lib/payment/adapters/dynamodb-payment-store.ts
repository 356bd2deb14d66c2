import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Payment, PaymentStore } from '../ports';

// One item per order: pk = PAYMENT#<orderId>, the whole payment (status, attempts, owner messageId,
// attempt log, outcome event). Every write is a Put conditioned on the version read, so the attempt
// count and the owner it was read with cannot have changed in between: a stale writer is refused.

const pk = (orderId: string) => `PAYMENT#${orderId}`;

export class DynamoDbPaymentStore implements PaymentStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async load(orderId: string): Promise<Payment | undefined> {
    const { Item } = await this.db.send(new GetCommand({ TableName: this.tableName, Key: { pk: pk(orderId) }, ConsistentRead: true }));
    if (!Item) return undefined;
    const { pk: _pk, ...payment } = Item;
    return payment as Payment;
  }

  async save(payment: Payment, expectedVersion: number): Promise<boolean> {
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { pk: pk(payment.orderId), ...payment },
          ...(expectedVersion === 0
            ? { ConditionExpression: 'attribute_not_exists(pk)' }
            : { ConditionExpression: 'version = :version', ExpressionAttributeValues: { ':version': expectedVersion } }),
        }),
      );
      return true;
    } catch (error) {
      if ((error as Error).name === 'ConditionalCheckFailedException') return false;
      throw error;
    }
  }
}
