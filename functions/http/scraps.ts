import { areaHandler } from '../../shared/http/handler.ts';

/** Area `scraps`. STUB. */
export const handler = areaHandler('scraps', {});
