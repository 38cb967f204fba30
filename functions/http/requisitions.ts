import { areaHandler } from '../../shared/http/handler.ts';

/** Area `requisitions`. STUB. */
export const handler = areaHandler('requisitions', {});
