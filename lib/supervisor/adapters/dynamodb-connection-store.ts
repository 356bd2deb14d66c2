import { DeleteCommand, type DynamoDBDocumentClient, paginateScan, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { ConnectionStore, SupervisorConnection } from '../ports';

// One item per open supervisor websocket, key connectionId. DynamoDB's TTL on expiresAt removes
// connections whose $disconnect never ran. A Scan lists them: a handful of supervisors, not a hot path.
export class DynamoDbConnectionStore implements ConnectionStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async add(connection: SupervisorConnection): Promise<void> {
    await this.db.send(new PutCommand({ TableName: this.tableName, Item: { ...connection } }));
  }

  async remove(connectionId: string): Promise<void> {
    await this.db.send(new DeleteCommand({ TableName: this.tableName, Key: { connectionId } }));
  }

  async listIds(): Promise<string[]> {
    const ids: string[] = [];
    const pages = paginateScan({ client: this.db }, { TableName: this.tableName, ProjectionExpression: 'connectionId' });
    for await (const page of pages) {
      for (const item of page.Items ?? []) ids.push(String(item.connectionId));
    }
    return ids;
  }
}
