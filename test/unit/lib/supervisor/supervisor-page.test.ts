import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { renderSupervisorPage } from '../../../../lib/supervisor/supervisor-page';

const hashOf = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;
const inline = (html: string, tag: string) => new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`).exec(html)![1];

describe('renderSupervisorPage', () => {
  it('allows exactly its own inline script and style, and websocket connections', () => {
    const { html, contentSecurityPolicy } = renderSupervisorPage();

    expect(contentSecurityPolicy).toContain(`script-src ${hashOf(inline(html, 'script'))}`);
    expect(contentSecurityPolicy).toContain(`style-src ${hashOf(inline(html, 'style'))}`);
    expect(contentSecurityPolicy).toContain('connect-src ws: wss:');
    expect(contentSecurityPolicy).toContain("default-src 'none'");
  });

  it('names the configured websocket in a meta tag, escaped', () => {
    const { html } = renderSupervisorPage({ websocketUrl: 'wss://abc.execute-api.eu-west-1.amazonaws.com/prod?x="<y>"' });

    expect(html).toContain(
      '<meta name="supervisor-websocket-url" content="wss://abc.execute-api.eu-west-1.amazonaws.com/prod?x=&quot;&lt;y&gt;&quot;">',
    );
  });

  it('leaves the websocket to the page when none is configured', () => {
    const { html } = renderSupervisorPage();

    expect(html).not.toContain('supervisor-websocket-url" content');
  });

  it('has one group and one count per status', () => {
    const { html } = renderSupervisorPage();

    for (const status of ['IN_PROGRESS', 'COMPLETED', 'PROCESSING_AI', 'ARCHIVED', 'FAILED']) {
      expect(html).toContain(`data-status-group="${status}"`);
      expect(html).toContain(`data-status-count="${status}"`);
    }
  });
});
