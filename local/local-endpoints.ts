import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { z } from 'zod';
import { runClock } from '../shared/domain/survey-rules.ts';
import { roles } from '../shared/http/roles.ts';
import { signLocalToken } from '../shared/http/tokens.ts';
import { sesFeedbackDetailTypes } from '../shared/schemas/ses-events.ts';
import type { BusEvent, LocalEventBus } from './event-bus.ts';
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

/** `{"bounce": "a@x"}` (optionally with a `bounceType`) or `{"complaint": "a@x"}`: an SES event in short. */
const sesShorthand = z.union([
  z.strictObject({
    bounce: z.string().min(3),
    bounceType: z.enum(['Permanent', 'Transient', 'Undetermined']).default('Permanent'),
  }),
  z.strictObject({ complaint: z.string().min(3) }),
]);

/** The event SES would publish to EventBridge for a shorthand bounce or complaint. */
function sesEventFrom(shorthand: z.infer<typeof sesShorthand>): BusEvent {
  const now = new Date().toISOString();
  const mail = {
    timestamp: now,
    messageId: `local-${randomUUID()}`,
    source: 'after-sales@aftersales.local',
    destination: ['bounce' in shorthand ? shorthand.bounce : shorthand.complaint],
  };
  if ('bounce' in shorthand) {
    return {
      source: 'aws.ses',
      'detail-type': sesFeedbackDetailTypes.bounce,
      detail: {
        eventType: 'Bounce',
        bounce: {
          bounceType: shorthand.bounceType,
          bounceSubType: shorthand.bounceType === 'Permanent' ? 'General' : 'MailboxFull',
          bouncedRecipients: [{ emailAddress: shorthand.bounce, action: 'failed', status: '5.1.1' }],
          timestamp: now,
          feedbackId: `local-${randomUUID()}`,
        },
        mail,
      },
    };
  }
  return {
    source: 'aws.ses',
    'detail-type': sesFeedbackDetailTypes.complaint,
    detail: {
      eventType: 'Complaint',
      complaint: {
        complainedRecipients: [{ emailAddress: shorthand.complaint }],
        complaintFeedbackType: 'abuse',
        timestamp: now,
        feedbackId: `local-${randomUUID()}`,
      },
      mail,
    },
  };
}

/**
 * The local-only endpoints: sign-in tokens whose claims match Cognito's, running a
 * scheduled job now, SES bounces and complaints put on the event bus, and a health check.
 * None of them exists in AWS.
 */
export function localEndpoints(
  tokenSecret: string,
  scheduler: LocalScheduler,
  eventBus: LocalEventBus,
): ExtraHandler {
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
    if (url.pathname === '/_local/ses-events' && request.method === 'POST') {
      let sent: unknown;
      try {
        sent = JSON.parse(body.toString('utf8') || '{}');
      } catch {
        json(response, 400, { error: 'body must be JSON like {"bounce":"someone@example.cn"}' });
        return true;
      }
      // An EventBridge event as SES publishes it goes on the bus as it is; else the shorthand.
      let event: BusEvent;
      if (typeof sent === 'object' && sent !== null && 'detail-type' in sent) {
        event = sent as BusEvent;
      } else {
        const shorthand = sesShorthand.safeParse(sent);
        if (!shorthand.success) {
          json(response, 422, {
            error:
              'send {"bounce":"a@x"} (with "bounceType" Permanent, Transient or Undetermined), {"complaint":"a@x"} or an SES EventBridge event',
            issues: shorthand.error.issues,
          });
          return true;
        }
        event = sesEventFrom(shorthand.data);
      }
      json(response, 200, { event, results: await eventBus.put(event) });
      return true;
    }
    const job = /^\/_local\/schedules\/([a-z0-9-]+)$/.exec(url.pathname)?.[1];
    if (job && request.method === 'POST') {
      if (!scheduler.has(job)) {
        json(response, 404, { error: `no schedule named ${job}` });
        return true;
      }
      // "As of" a day or instant: `?asOf=2027-03-01` or a body `{"asOf": "2027-03-01"}`.
      let asOf = url.searchParams.get('asOf') ?? undefined;
      if (asOf === undefined && body.length > 0) {
        try {
          const sent = JSON.parse(body.toString('utf8')) as { asOf?: unknown };
          asOf = typeof sent?.asOf === 'string' ? sent.asOf : undefined;
        } catch {
          json(response, 400, { error: 'body must be JSON like {"asOf":"2027-03-01"}' });
          return true;
        }
      }
      if (asOf !== undefined) {
        try {
          runClock(asOf, new Date());
        } catch (error) {
          json(response, 422, { error: (error as Error).message });
          return true;
        }
      }
      json(response, 200, {
        schedule: job,
        ...(asOf ? { asOf } : {}),
        result: await scheduler.run(job, asOf),
      });
      return true;
    }
    json(response, 404, { error: 'unknown local endpoint' });
    return true;
  };
}
