import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import { z } from 'zod';
import {
  archiveComplaint,
  checkBatch,
  escalateTask,
  notifyQuality,
  openTask,
  recordComplaint,
  requestCapa,
  sendStatistics,
} from '../../shared/app/complaint-workflow.ts';
import { logger } from '../../shared/logger.ts';
import { workflowActions } from '../../shared/workflow/complaint-workflow.ts';
import { humanStepNames } from '../../shared/workflow/human-steps.ts';

const workflowEvent = z.object({
  action: z.enum(workflowActions),
  complaintId: z.string().min(1),
  step: z.enum(humanStepNames).optional(),
  taskToken: z.string().min(1).optional(),
  timeoutSeconds: z.number().int().positive().optional(),
});

/** The complaint workflow's automatic steps; every action is idempotent (Step Functions retries them). */
export const handler = middy(async (raw: unknown) => {
  const { action, complaintId, step, taskToken, timeoutSeconds } = workflowEvent.parse(raw);
  const now = new Date();
  logger.appendKeys({ complaintId, action, step });
  switch (action) {
    case 'record':
      return recordComplaint(complaintId, now);
    case 'notifyQuality':
      return notifyQuality(complaintId, now);
    case 'checkBatch':
      return checkBatch(complaintId, now);
    case 'openTask':
      if (!taskToken || !step || !timeoutSeconds)
        throw new Error('openTask needs step, taskToken and timeoutSeconds');
      return openTask(complaintId, step, taskToken, timeoutSeconds, now);
    case 'escalate':
      if (!step) throw new Error('escalate needs step');
      return escalateTask(complaintId, step, now);
    case 'requestCapa':
      return requestCapa(complaintId, now);
    case 'sendStatistics':
      return sendStatistics(complaintId, now);
    case 'archive':
      return archiveComplaint(complaintId, now);
  }
}).use(injectLambdaContext(logger, { resetKeys: true }));
