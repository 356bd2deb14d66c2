import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { DynamoDbInventoryStore } from '../../../../lib/inventory/adapters/dynamodb-inventory-store';
import { InventoryContentionError, type Reservation } from '../../../../lib/inventory/ports';

type Command = { constructor: { name: string }; input: Record<string, any> };

/** A document client that answers each command with the next of the given answers (an Error is thrown). */
function fakeDb(...answers: Array<unknown>) {
  const sent: Command[] = [];
  const db = {
    send: async (command: Command) => {
      sent.push(command);
      const answer = answers.shift();
      if (answer instanceof Error) throw answer;
      return answer ?? {};
    },
  } as unknown as DynamoDBDocumentClient;
  return { store: new DynamoDbInventoryStore(db, 'inventory'), sent };
}

const cancelled = (...codes: string[]) =>
  Object.assign(new Error('Transaction cancelled'), { name: 'TransactionCanceledException', CancellationReasons: codes.map((Code) => ({ Code })) });

const reservation: Reservation = {
  orderId: 'o1',
  status: 'RESERVED',
  items: [{ productId: 'product-A', quantity: 2 }, { productId: 'product-B', quantity: 3 }],
  at: '2026-01-01T00:00:00.000Z',
};

describe('DynamoDbInventoryStore.reserve', () => {
  it('writes the reservation and every stock decrement in one conditional transaction', async () => {
    const { store, sent } = fakeDb({});

    expect(await store.reserve(reservation)).toEqual({ status: 'reserved', reservation });

    const [put, first, second] = sent[0].input.TransactItems;
    expect(put.Put).toMatchObject({ Item: { pk: 'ORDER#o1', sk: 'RESERVATION', status: 'RESERVED' }, ConditionExpression: 'attribute_not_exists(pk)' });
    expect(first.Update).toMatchObject({
      Key: { pk: 'PRODUCT#product-A', sk: 'STOCK' },
      UpdateExpression: 'SET stock = stock - :q',
      ConditionExpression: 'attribute_exists(pk) AND stock >= :q',
      ExpressionAttributeValues: { ':q': 2 },
    });
    expect(second.Update.Key.pk).toBe('PRODUCT#product-B');
  });

  it('names the products whose stock condition failed', async () => {
    const { store } = fakeDb(cancelled('None', 'None', 'ConditionalCheckFailed'));

    expect(await store.reserve(reservation)).toEqual({ status: 'unavailable', productIds: ['product-B'] });
  });

  it('answers the standing decision when the order has one', async () => {
    const standing = { ...reservation, status: 'REJECTED', unavailable: ['product-B'] };
    const { store, sent } = fakeDb(cancelled('ConditionalCheckFailed', 'None', 'ConditionalCheckFailed'), { Item: { pk: 'ORDER#o1', sk: 'RESERVATION', ...standing } });

    expect(await store.reserve(reservation)).toEqual({ status: 'decided', reservation: standing });
    expect(sent[1].input).toMatchObject({ Key: { pk: 'ORDER#o1', sk: 'RESERVATION' }, ConsistentRead: true });
  });

  it('reports a lost race as contention', async () => {
    await expect(fakeDb(cancelled('None', 'TransactionConflict', 'None')).store.reserve(reservation)).rejects.toBeInstanceOf(InventoryContentionError);
  });
});

describe('DynamoDbInventoryStore.release', () => {
  it('moves RESERVED to RELEASED and adds the quantities back in one transaction', async () => {
    const { store, sent } = fakeDb({});

    expect(await store.release(reservation, '2026-01-01T00:01:00.000Z')).toBe(true);

    const [status, ...stock] = sent[0].input.TransactItems;
    expect(status.Update).toMatchObject({ Key: { pk: 'ORDER#o1' }, ConditionExpression: '#status = :reserved' });
    expect(stock.map((item: any) => [item.Update.Key.pk, item.Update.UpdateExpression, item.Update.ExpressionAttributeValues[':q']])).toEqual([
      ['PRODUCT#product-A', 'ADD stock :q', 2],
      ['PRODUCT#product-B', 'ADD stock :q', 3],
    ]);
  });

  it('gives nothing back when the reservation is no longer RESERVED', async () => {
    expect(await fakeDb(cancelled('ConditionalCheckFailed', 'None', 'None')).store.release(reservation, 'now')).toBe(false);
  });
});

describe('DynamoDbInventoryStore.recordDecision and seedProducts', () => {
  it('answers the standing decision when one was recorded first', async () => {
    const standing = { ...reservation, status: 'RESERVED' };
    const conditionFailed = Object.assign(new Error('failed'), { name: 'ConditionalCheckFailedException' });
    const { store } = fakeDb(conditionFailed, { Item: { pk: 'ORDER#o1', sk: 'RESERVATION', ...standing } });

    expect(await store.recordDecision({ orderId: 'o1', status: 'RELEASED', items: [], cancelledFirst: true, at: 'now' })).toEqual({ recorded: false, reservation: standing });
  });

  it('seeds with attribute_not_exists and shrugs at products that exist', async () => {
    const conditionFailed = Object.assign(new Error('failed'), { name: 'ConditionalCheckFailedException' });
    const { store, sent } = fakeDb(conditionFailed, {});

    await store.seedProducts([{ productId: 'product-A', stock: 10 }, { productId: 'product-D', stock: 1 }]);

    expect(sent.map((command) => command.input)).toEqual([
      { TableName: 'inventory', Item: { pk: 'PRODUCT#product-A', sk: 'STOCK', productId: 'product-A', stock: 10 }, ConditionExpression: 'attribute_not_exists(pk)' },
      { TableName: 'inventory', Item: { pk: 'PRODUCT#product-D', sk: 'STOCK', productId: 'product-D', stock: 1 }, ConditionExpression: 'attribute_not_exists(pk)' },
    ]);
  });
});
