import { httpHandler } from '../../lib/shared/http';
import { loadPageConfig } from '../../lib/supervisor/page-config';
import { renderSupervisorPage } from '../../lib/supervisor/supervisor-page';

const config = loadPageConfig();
const page = renderSupervisorPage({ websocketUrl: config.SUPERVISOR_WEBSOCKET_URL });

// GET /supervisor: the live page (it opens the supervisor websocket itself).
export const handler = httpHandler(async () => ({
  statusCode: 200,
  headers: {
    'content-type': 'text/html; charset=utf-8',
    'content-security-policy': page.contentSecurityPolicy,
    'cache-control': 'no-cache',
    'x-content-type-options': 'nosniff',
  },
  body: page.html,
}));
