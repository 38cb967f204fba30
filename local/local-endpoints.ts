import type { ServerResponse } from 'node:http';
import { z } from 'zod';
import { roles } from '../shared/http/roles.ts';
import { signLocalToken } from '../shared/http/tokens.ts';
import type { ExtraHandler } from './gateway.ts';
import type { LocalScheduler } from './scheduler.ts';

const json = (response: ServerResponse, status: number, body: unknown) => {
  response.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8' });
  response.end(JSON.stringify(body));
};

const tokenRequest = z.strictObject({
  role: z.enum(roles),
  department: z.string().min(1).max(64).optional(),
  office: z.string().min(1).max(64).optional(),
  sub: z.string().min(1).max(64).optional(),
  email: z.email().optional(),
  /** Seconds; short lifetimes let tests see an expired token. */
  expiresIn: z
    .number()
    .int()
    .min(1)
    .max(7 * 24 * 3600)
    .optional(),
});

/**
 * The local-only endpoints: sign-in tokens whose claims match Cognito's, running a
 * scheduled job now, and a health check. None of them exists in AWS.
 */
export function localEndpoints(tokenSecret: string, scheduler: LocalScheduler): ExtraHandler {
  return async (request, response, url, body) => {
    if (!url.pathname.startsWith('/_local/')) return false;
    if (url.pathname === '/_local/health') {
      json(response, 200, { ok: true });
      return true;
    }
    if (url.pathname === '/_local/token' && request.method === 'POST') {
      let parsed: z.ZodSafeParseResult<z.infer<typeof tokenRequest>>;
      try {
        parsed = tokenRequest.safeParse(JSON.parse(body.toString('utf8') || '{}'));
      } catch {
        json(response, 400, { error: 'body must be JSON like {"role":"customer-service"}' });
        return true;
      }
      if (!parsed.success) {
        json(response, 422, {
          error: `role must be one of ${roles.join(', ')}`,
          issues: parsed.error.issues,
        });
        return true;
      }
      const { role, department, office, expiresIn } = parsed.data;
      const sub =
        parsed.data.sub ?? `local-${role}${office ? `-${office}` : ''}${department ? `-${department}` : ''}`;
      const claims = {
        sub,
        email: parsed.data.email ?? `${sub}@aftersales.local`,
        'cognito:groups': [role],
        ...(department ? { 'custom:department': department } : {}),
        ...(office ? { 'custom:office': office } : {}),
      };
      json(response, 200, { token: signLocalToken(claims, tokenSecret, expiresIn), claims });
      return true;
    }
    const job = /^\/_local\/schedules\/([a-z0-9-]+)$/.exec(url.pathname)?.[1];
    if (job && request.method === 'POST') {
      if (!scheduler.has(job)) {
        json(response, 404, { error: `no schedule named ${job}` });
        return true;
      }
      json(response, 200, { schedule: job, result: await scheduler.run(job) });
      return true;
    }
    json(response, 404, { error: 'unknown local endpoint' });
    return true;
  };
}
