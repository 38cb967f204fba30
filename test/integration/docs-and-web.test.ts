import { buildOpenApiDocument } from '../../shared/http/openapi.ts';
import { startTestRuntime, type TestRuntime } from '../support/runtime.ts';

let api: TestRuntime;
beforeAll(async () => {
  api = await startTestRuntime({ seed: false });
});
afterAll(async () => api.stop());

describe('what the local runtime serves besides the API', () => {
  it('serves the OpenAPI document generated from the registry', async () => {
    const response = await api.request('GET', '/v1/openapi.json');

    expect(response.status).toBe(200);
    expect(response.body).toEqual(JSON.parse(JSON.stringify(buildOpenApiDocument())));
  });

  it('serves a readable API page that documents every problem type', async () => {
    const response = await api.request('GET', '/v1/docs');

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/html');
    expect(response.text).toContain('POST</span> <code>/v1/complaints</code>');
    expect(response.text).toContain('id="problem-validation"');
  });

  it('serves the forms and the message catalogue they translate themselves with', async () => {
    const index = await api.request('GET', '/');
    const messages = await api.request<Record<string, Record<string, string>>>('GET', '/messages.json');

    expect(index.status).toBe(200);
    expect(index.text).toContain('complaint.html');
    expect(messages.body['zh-CN']?.['web.title']).toBe('售后服务');
    expect(messages.body.en?.['web.title']).toBe('After-sales Service');
  });

  it('does not serve files outside web/', async () => {
    const response = await fetch(`${api.url}/..%2Fpackage.json`);
    const encoded = await fetch(`${api.url}/%2e%2e/%2e%2e/etc/passwd`);

    expect(response.status).toBe(404);
    expect(encoded.status).toBe(404);
  });

  it('answers unknown API paths with a problem, not a stack trace', async () => {
    const response = await api.request<{ status: number; type: string }>('GET', '/v1/nothing-here');

    expect(response.status).toBe(404);
    expect(response.body.type).toBe('/v1/docs#problem-route-not-found');
  });

  it('refuses a local sign-in for a role that does not exist', async () => {
    const response = await api.request('POST', '/_local/token', { body: { role: 'root' } });

    expect(response.status).toBe(422);
  });

  it('names the jobs it can run and refuses unknown ones', async () => {
    const known = await api.request('POST', '/_local/schedules/mail-outbox');
    const unknown = await api.request('POST', '/_local/schedules/no-such-job');

    expect(known.status).toBe(200);
    expect(unknown.status).toBe(404);
  });
});
