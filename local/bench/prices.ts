// us-east-1 on-demand list prices, first tier, as published on the AWS pricing pages.

export const PRICES_TAKEN = '2026-11 (AWS public pricing pages)';

export const PRICES = {
  httpApiPerMillionRequests: 1.0,
  lambdaPerMillionRequests: 0.2,
  /** arm64 (the stack's architecture), billed per 1 ms. */
  lambdaArmPerGbSecond: 0.0000133334,
  sqsFifoPerMillionRequests: 0.5,
  dynamodbPerMillionWriteUnits: 0.625,
  dynamodbPerMillionReadUnits: 0.125,
  eventBridgePerMillionEvents: 1.0,
};

/** What one run used, as counted. */
export interface Usage {
  httpRequests: number;
  lambdaInvocations: number;
  lambdaGbSeconds: number;
  sqsRequests: number;
  dynamodbReadUnits: number;
  dynamodbWriteUnits: number;
  eventBridgeEvents: number;
}

export type CostBreakdown = Record<'HTTP API' | 'Lambda requests' | 'Lambda duration' | 'SQS' | 'DynamoDB writes' | 'DynamoDB reads' | 'EventBridge', number>;

export function costUsd(usage: Usage): CostBreakdown {
  const perMillion = (count: number, price: number) => (count / 1e6) * price;
  return {
    'HTTP API': perMillion(usage.httpRequests, PRICES.httpApiPerMillionRequests),
    'Lambda requests': perMillion(usage.lambdaInvocations, PRICES.lambdaPerMillionRequests),
    'Lambda duration': usage.lambdaGbSeconds * PRICES.lambdaArmPerGbSecond,
    SQS: perMillion(usage.sqsRequests, PRICES.sqsFifoPerMillionRequests),
    'DynamoDB writes': perMillion(usage.dynamodbWriteUnits, PRICES.dynamodbPerMillionWriteUnits),
    'DynamoDB reads': perMillion(usage.dynamodbReadUnits, PRICES.dynamodbPerMillionReadUnits),
    EventBridge: perMillion(usage.eventBridgeEvents, PRICES.eventBridgePerMillionEvents),
  };
}

export const gbSeconds = (billedMs: number, memoryMb: number) => (billedMs / 1000) * (memoryMb / 1024);

export function describePrices(): string[] {
  return [
    `Prices: us-east-1 on-demand, taken ${PRICES_TAKEN}`,
    `  HTTP API         $${PRICES.httpApiPerMillionRequests.toFixed(2)} per million requests`,
    `  Lambda           $${PRICES.lambdaPerMillionRequests.toFixed(2)} per million requests + $${PRICES.lambdaArmPerGbSecond} per GB-second (arm64, billed per 1 ms)`,
    `  SQS FIFO         $${PRICES.sqsFifoPerMillionRequests.toFixed(2)} per million requests`,
    `  DynamoDB         $${PRICES.dynamodbPerMillionWriteUnits} per million write request units, $${PRICES.dynamodbPerMillionReadUnits} per million read request units (on-demand)`,
    `  EventBridge      $${PRICES.eventBridgePerMillionEvents.toFixed(2)} per million events`,
    '  Lambda durations are those measured on the local stack (moto is far slower than AWS): an upper bound.',
  ];
}
