import type { CancellationReason } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, GetCommand, PutCommand, TransactWriteCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { InventoryContentionError, type InventoryStore, type ProductStock, type Reservation, type ReserveAttempt } from '../ports';

// Items:
//   pk = PRODUCT#<productId>, sk = STOCK         { productId, stock }
//   pk = ORDER#<orderId>,     sk = RESERVATION   { orderId, status, items, unavailable?, cancelledFirst?, at }
// A reservation and the stock it moves are written in one transaction, each write conditional: stock
// never goes below zero, an order is decided once, and a reservation goes back to stock once.

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

const productKey = (productId: string) => ({ pk: `PRODUCT#${productId}`, sk: 'STOCK' });
const reservationKey = (orderId: string) => ({ pk: `ORDER#${orderId}`, sk: 'RESERVATION' });

const CONDITION_FAILED = 'ConditionalCheckFailed';

export class DynamoDbInventoryStore implements InventoryStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async getProduct(productId: string): Promise<ProductStock | undefined> {
    const { Item } = await this.db.send(new GetCommand({ TableName: this.tableName, Key: productKey(productId), ConsistentRead: true }));
    return Item ? { productId: Item.productId as string, stock: Item.stock as number } : undefined;
  }

  async getReservation(orderId: string): Promise<Reservation | undefined> {
    const { Item } = await this.db.send(new GetCommand({ TableName: this.tableName, Key: reservationKey(orderId), ConsistentRead: true }));
    if (!Item) return undefined;
    const { pk: _pk, sk: _sk, ...reservation } = Item;
    return reservation as Reservation;
  }

  /** The reservation's Put comes first, so CancellationReasons[0] says whether the order was decided. */
  async reserve(reservation: Reservation): Promise<ReserveAttempt> {
    const items: TransactItem[] = [
      this.putReservation(reservation),
      ...reservation.items.map(({ productId, quantity }) => ({
        Update: {
          TableName: this.tableName,
          Key: productKey(productId),
          UpdateExpression: 'SET stock = stock - :q',
          ConditionExpression: 'attribute_exists(pk) AND stock >= :q',
          ExpressionAttributeValues: { ':q': quantity },
        },
      })),
    ];
    const reasons = await this.transact(items);
    if (!reasons) return { status: 'reserved', reservation };
    if (reasons[0]?.Code === CONDITION_FAILED) return { status: 'decided', reservation: await this.decided(reservation.orderId) };
    const short = reservation.items.filter((_, i) => reasons[i + 1]?.Code === CONDITION_FAILED).map((item) => item.productId);
    if (short.length > 0) return { status: 'unavailable', productIds: short };
    throw cancelledFor(reasons, `reserving order ${reservation.orderId}`);
  }

  async recordDecision(reservation: Reservation): Promise<{ recorded: boolean; reservation: Reservation }> {
    try {
      await this.db.send(new PutCommand(this.putReservation(reservation).Put!));
      return { recorded: true, reservation };
    } catch (error) {
      if ((error as Error).name !== 'ConditionalCheckFailedException') throw error;
      return { recorded: false, reservation: await this.decided(reservation.orderId) };
    }
  }

  async release(reservation: Reservation, at: string): Promise<boolean> {
    const items: TransactItem[] = [
      {
        Update: {
          TableName: this.tableName,
          Key: reservationKey(reservation.orderId),
          UpdateExpression: 'SET #status = :released, releasedAt = :at',
          ConditionExpression: '#status = :reserved',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':released': 'RELEASED', ':reserved': 'RESERVED', ':at': at },
        },
      },
      ...reservation.items.map(({ productId, quantity }) => ({
        Update: { TableName: this.tableName, Key: productKey(productId), UpdateExpression: 'ADD stock :q', ExpressionAttributeValues: { ':q': quantity } },
      })),
    ];
    const reasons = await this.transact(items);
    if (!reasons) return true;
    if (reasons[0]?.Code === CONDITION_FAILED) return false;
    throw cancelledFor(reasons, `releasing order ${reservation.orderId}`);
  }

  async seedProducts(products: ProductStock[]): Promise<void> {
    await Promise.all(
      products.map(async ({ productId, stock }) => {
        try {
          await this.db.send(
            new PutCommand({ TableName: this.tableName, Item: { ...productKey(productId), productId, stock }, ConditionExpression: 'attribute_not_exists(pk)' }),
          );
        } catch (error) {
          if ((error as Error).name !== 'ConditionalCheckFailedException') throw error;
        }
      }),
    );
  }

  private putReservation(reservation: Reservation) {
    return {
      Put: { TableName: this.tableName, Item: { ...reservationKey(reservation.orderId), ...reservation }, ConditionExpression: 'attribute_not_exists(pk)' },
    };
  }

  /** Runs the transaction; answers its CancellationReasons (one per item, in order) when it is cancelled. */
  private async transact(items: TransactItem[]): Promise<CancellationReason[] | undefined> {
    try {
      await this.db.send(new TransactWriteCommand({ TransactItems: items }));
      return undefined;
    } catch (error) {
      const e = error as Error & { CancellationReasons?: CancellationReason[] };
      if (e.name === 'TransactionConflictException') throw new InventoryContentionError(e.message);
      if (e.name !== 'TransactionCanceledException') throw error;
      return e.CancellationReasons ?? [];
    }
  }

  private async decided(orderId: string): Promise<Reservation> {
    const reservation = await this.getReservation(orderId);
    // Reservations are never deleted: one that failed a condition can always be read.
    if (!reservation) throw new Error(`The reservation of order ${orderId} failed its condition but cannot be read.`);
    return reservation;
  }
}

/** A cancelled transaction no condition explains: lost a race (try again soon), or a failure to report. */
function cancelledFor(reasons: CancellationReason[], what: string): Error {
  const codes = reasons.map((reason) => reason.Code ?? 'None').join(', ');
  if (reasons.some((reason) => reason.Code === 'TransactionConflict')) return new InventoryContentionError(`Conflict ${what}: [${codes}]`);
  return new Error(`Transaction cancelled ${what}: [${codes}]`);
}
