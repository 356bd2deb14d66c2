import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { ConflictError } from '../../shared/errors';
import type { Order } from '../order';
import type { OrderStore } from '../ports';

// One item per order: pk = ORDER#<id>. Writes are conditional: create if absent, finish if PENDING.

const key = (orderId: string) => `ORDER#${orderId}`;

export class DynamoDbOrderStore implements OrderStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async create(order: Order): Promise<void> {
    try {
      await this.db.send(new PutCommand({ TableName: this.tableName, Item: { pk: key(order.id), ...order }, ConditionExpression: 'attribute_not_exists(pk)' }));
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) throw new ConflictError(`Order ${order.id} already exists.`);
      throw error;
    }
  }

  async get(orderId: string): Promise<Order | undefined> {
    const { Item } = await this.db.send(new GetCommand({ TableName: this.tableName, Key: { pk: key(orderId) }, ConsistentRead: true }));
    if (!Item) return undefined;
    const { pk: _pk, ...order } = Item;
    return order as Order;
  }

  async finish(order: Order): Promise<boolean> {
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { pk: key(order.id), ...order },
          ConditionExpression: '#status = :pending',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':pending': 'PENDING' },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }
}
