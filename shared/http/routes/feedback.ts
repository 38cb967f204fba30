import {
  followUpAnswer,
  followUpView,
  surveyAnswer,
  surveyCommentInput,
  surveyTokenParams,
  surveyView,
  unsubscribeResult,
} from '../../schemas/surveys.ts';
import { publicAccess, type RouteDefinition, route } from '../route.ts';

/** The refusals every signed link shares; documented on each route. */
const linkErrors =
  'A link that was altered, signed by an unknown key or meant for another purpose is `403`; an expired ' +
  'one `410`; a valid link to a survey that is unknown (or was never sent) `404`. None of them writes anything.';

const linkResponses = {
  403: { description: 'The link was altered or is not ours', contentType: 'application/problem+json' },
  410: { description: 'The link has expired', contentType: 'application/problem+json' },
};
const answered = {
  409: {
    description:
      'Answered already: the first answer stays; the problem carries it as `survey` (the view above)',
    contentType: 'application/problem+json',
  },
};

/**
 * Customers' answers through signed links (area `feedback`, public): surveys, follow-ups,
 * unsubscribe. Part of the route registry (shared/http/routes.ts). The pages in web/ call them
 * from script only, so a mail scanner that fetches an email's links answers nothing.
 */
export const feedbackRoutes = {
  getSurvey: route({
    method: 'GET',
    path: '/v1/surveys/{token}',
    area: 'feedback',
    summary: 'What the survey page shows (满意度调查)',
    description: `The kind (csat 1-5, nps 0-10), organisation, case reference, language, scale, and the answer once given. ${linkErrors}`,
    access: publicAccess(),
    params: surveyTokenParams,
    responses: { 200: { description: 'The survey', schema: surveyView }, ...linkResponses },
  }),
  answerSurvey: route({
    method: 'POST',
    path: '/v1/surveys/{token}',
    area: 'feedback',
    summary: 'Answer a CSAT or NPS survey',
    description:
      "Once: a second answer is `409` and the first stays. The score must be in the kind's range (csat 1-5, " +
      'nps 0-10), else `422` naming `score`. A low score (csat 1-2, nps 0-6) opens a follow-up task for ' +
      `Customer Service (GET /v1/tasks). ${linkErrors}`,
    access: publicAccess(),
    params: surveyTokenParams,
    body: surveyAnswer,
    idempotent: true,
    responses: { 200: { description: 'Stored', schema: surveyView }, ...linkResponses, ...answered },
  }),
  commentOnSurvey: route({
    method: 'POST',
    path: '/v1/surveys/{token}/comment',
    area: 'feedback',
    summary: 'Add a comment to an answered survey',
    description:
      'For the one-click flow (the score comes from the email link, the comment after). Once: `409` when the ' +
      `survey is not answered yet or has a comment. ${linkErrors}`,
    access: publicAccess(),
    params: surveyTokenParams,
    body: surveyCommentInput,
    idempotent: true,
    responses: { 200: { description: 'Stored', schema: surveyView }, ...linkResponses },
  }),
  getFollowUp: route({
    method: 'GET',
    path: '/v1/follow-ups/{token}',
    area: 'feedback',
    summary: 'What the follow-up page shows (回访, warranty inspection offer)',
    description: `The kind, organisation, language, the choices, and the answer once given. ${linkErrors}`,
    access: publicAccess(),
    params: surveyTokenParams,
    responses: { 200: { description: 'The follow-up', schema: followUpView }, ...linkResponses },
  }),
  answerFollowUp: route({
    method: 'POST',
    path: '/v1/follow-ups/{token}',
    area: 'feedback',
    summary: 'Answer a check-in or a warranty-inspection offer',
    description:
      'checkIn: `fine` or `problem` (with `problem`, and `wants: complaint` for a complaint instead of a repair); ' +
      'warrantyInspection: `inspectionWanted` or `noInspection`. A problem opens a service request with the ' +
      'warranty decision, or a complaint (its workflow starts); an inspection wanted opens a maintenance request. ' +
      `The answer names it (\`createdCase\`). Once: a second answer is \`409\` and opens nothing. ${linkErrors}`,
    access: publicAccess(),
    params: surveyTokenParams,
    body: followUpAnswer,
    idempotent: true,
    responses: { 200: { description: 'Stored', schema: followUpView }, ...linkResponses, ...answered },
  }),
  unsubscribe: route({
    method: 'POST',
    path: '/v1/unsubscribe/{token}',
    area: 'feedback',
    summary: 'Unsubscribe from surveys and follow-ups (RFC 8058 one-click)',
    description:
      'The target of the `List-Unsubscribe` header: mail clients POST `List-Unsubscribe=One-Click` as ' +
      '`application/x-www-form-urlencoded`; any body (or none) is accepted and not read. `200` the first time ' +
      "and every time after (the first time is kept). Transactional mail about the contact's own cases still goes. " +
      'A link that was altered or is for another purpose is `403`, an expired one `410`.',
    access: publicAccess(),
    params: surveyTokenParams,
    requestBody: 'ignored',
    responses: { 200: { description: 'Unsubscribed', schema: unsubscribeResult }, ...linkResponses },
  }),
} as const satisfies Record<string, RouteDefinition>;
