import {
  answerFollowUp,
  answerSurvey,
  commentOnSurvey,
  readFollowUp,
  readSurvey,
  SurveyAnsweredError,
  unsubscribe,
} from '../../shared/app/survey-answers.ts';
import { areaHandler, type HttpRequest } from '../../shared/http/handler.ts';
import { problemResponse } from '../../shared/http/problem.ts';
import { type HttpResult, ok } from '../../shared/http/result.ts';
import type { RouteDefinition } from '../../shared/http/route.ts';

/**
 * An answer given before is 409 problem+json carrying the first answer as an extension member
 * (`survey`, RFC 9457 §3.2), so the page can say "already answered, thank you" and show it.
 */
async function orFirstAnswer(
  request: HttpRequest<RouteDefinition>,
  answer: () => Promise<unknown>,
): Promise<HttpResult> {
  try {
    return ok(await answer());
  } catch (error) {
    if (!(error instanceof SurveyAnsweredError)) throw error;
    const { statusCode, headers, body } = problemResponse(error, request.language, request.requestId);
    return {
      status: statusCode,
      contentType: String(headers?.['Content-Type']),
      body: JSON.stringify({ ...JSON.parse(body), survey: error.view }),
    };
  }
}

/** Customers' answers to surveys and follow-ups, and unsubscribing, through signed links. Public. */
export const handler = areaHandler('feedback', {
  getSurvey: async ({ params, now }) => ok(await readSurvey(params.token, now)),
  answerSurvey: async (request) =>
    orFirstAnswer(request, () => answerSurvey(request.params.token, request.body, request.now)),
  commentOnSurvey: async ({ params, body, now }) =>
    ok(await commentOnSurvey(params.token, body.comment, now)),
  getFollowUp: async ({ params, now }) => ok(await readFollowUp(params.token, now)),
  answerFollowUp: async (request) =>
    orFirstAnswer(request, () => answerFollowUp(request.params.token, request.body, request.now)),
  unsubscribe: async ({ params, now }) => ok(await unsubscribe(params.token, now)),
});
