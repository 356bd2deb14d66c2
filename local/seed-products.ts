import { parseArgs } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoDbInventoryStore } from '../lib/inventory/adapters/dynamodb-inventory-store';
import type { ProductStock } from '../lib/inventory/ports';
import { DEFAULT_PRODUCTS } from '../lib/inventory/seed';

// Seeds the inventory table: DEFAULT_PRODUCTS plus any extra ones. A product that exists keeps its stock,
// so seeding again after a redeploy resets nothing.
//   npx tsx local/seed-products.ts [--table ordered-events-local-inventory] [--product id=stock ...]
// The endpoint is AWS_ENDPOINT_URL (moto, LocalStack) when set, AWS otherwise.

export const DEFAULT_TABLE = 'ordered-events-local-inventory';

/** Seeds the table at endpoint ('' for the SDK's default); extra products win over defaults of the same id. */
export async function seedInventory(endpoint: string, tableName: string, extra: ProductStock[] = []): Promise<ProductStock[]> {
  const client = new DynamoDBClient({
    ...(endpoint ? { endpoint } : {}),
    region: process.env.AWS_REGION ?? 'us-east-1',
    // The local endpoints accept any key; the launcher passes its own to its children only.
    ...(endpoint && !process.env.AWS_ACCESS_KEY_ID ? { credentials: { accessKeyId: 'test', secretAccessKey: 'test' } } : {}),
  });
  const products = [...new Map([...DEFAULT_PRODUCTS, ...extra].map((product) => [product.productId, product])).values()];
  try {
    await new DynamoDbInventoryStore(DynamoDBDocumentClient.from(client), tableName).seedProducts(products);
  } finally {
    client.destroy();
  }
  return products;
}

export function parseProduct(arg: string): ProductStock {
  const match = /^([A-Za-z0-9_.:-]{1,128})=(\d+)$/.exec(arg);
  if (!match) throw new Error(`--product ${arg}: expected id=stock, e.g. product-D=7`);
  return { productId: match[1], stock: Number(match[2]) };
}

async function main() {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const { values } = parseArgs({ options: { table: { type: 'string', default: DEFAULT_TABLE }, product: { type: 'string', multiple: true, default: [] } } });
  const products = await seedInventory(process.env.AWS_ENDPOINT_URL ?? '', values.table, values.product.map(parseProduct));
  console.log(`seeded ${values.table} (existing products kept): ${products.map((p) => `${p.productId}=${p.stock}`).join(', ')}`);
}

if (process.argv[1]?.endsWith('seed-products.ts')) {
  main().catch((error: Error) => {
    console.error(`seeding failed: ${error.message}`);
    process.exitCode = 1;
  });
}
