import { z } from 'zod';
import { ConfigError } from './errors';

/**
 * Parses the environment once per container with the given schema. A missing or malformed setting
 * fails the cold start with one message naming every bad variable, instead of undefined deep inside.
 */
export function loadConfig<Schema extends z.ZodType>(
  schema: Schema,
  env: NodeJS.ProcessEnv = process.env,
): z.infer<Schema> {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration: ${problems.join('; ')}`);
  }
  return parsed.data;
}

export const positiveInt = z.coerce.number().int().positive();
export const nonNegativeInt = z.coerce.number().int().nonnegative();
export const flag = z.enum(['on', 'off']).default('off');
