// `npm run openapi`: writes docs/openapi.json from the route registry (a test fails when it is stale).
import { writeFileSync } from 'node:fs';
import { buildOpenApiDocument } from '../shared/http/openapi.ts';

export const openApiFile = new URL('../docs/openapi.json', import.meta.url);
writeFileSync(openApiFile, `${JSON.stringify(buildOpenApiDocument(), null, 2)}\n`);
console.log(`wrote ${openApiFile.pathname}`);
