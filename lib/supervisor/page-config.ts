import { z } from 'zod';
import { loadConfig } from '../shared/config';

// Apart from deps.ts so that the page's bundle carries no AWS SDK.
const pageConfigSchema = z.object({
  // The websocket the page opens (wss://... in AWS); unset, the page uses ws://<its host name>:3001.
  SUPERVISOR_WEBSOCKET_URL: z
    .string()
    .optional()
    .transform((value) => value || undefined)
    .pipe(z.url({ protocol: /^wss?$/ }).optional()),
});

export const loadPageConfig = () => loadConfig(pageConfigSchema);
