import { type DynamoDBDocumentClient, PutCommand, paginateQuery } from '@aws-sdk/lib-dynamodb';
import type { Notification } from '../notification';
import type { NotificationStore } from '../ports';

// pk = ORDER#<orderId>, sk = NOTE#<eventType>: at most one notification per final event of an order.

export class DynamoDbNotificationStore implements NotificationStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async add(orderId: string, eventType: string, notification: Notification): Promise<boolean> {
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { pk: `ORDER#${orderId}`, sk: `NOTE#${eventType}`, ...notification },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return true;
    } catch (error) {
      if ((error as Error).name === 'ConditionalCheckFailedException') return false;
      throw error;
    }
  }

  async list(orderId: string): Promise<Notification[]> {
    const notes: Notification[] = [];
    const pages = paginateQuery(
      { client: this.db },
      {
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :note)',
        ExpressionAttributeValues: { ':pk': `ORDER#${orderId}`, ':note': 'NOTE#' },
      },
    );
    for await (const page of pages) {
      for (const item of page.Items ?? []) notes.push({ type: item.type, at: item.at, message: item.message });
    }
    return notes.sort((a, b) => a.at.localeCompare(b.at));
  }
}
