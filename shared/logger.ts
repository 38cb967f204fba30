import { Logger } from '@aws-lambda-powertools/logger';

/**
 * The one structured logger. Customer personal data never goes in: log ids,
 * references and statuses, not names, phones, emails or free text.
 */
export const logger = new Logger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'aftersales' });
