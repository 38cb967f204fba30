import { areaHandler } from '../../shared/http/handler.ts';

/** Management reports, read from pre-aggregated counters. Staff only. */
export const handler = areaHandler('reports', {});
