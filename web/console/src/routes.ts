import type { ConsolePage } from './page.ts';
import { workPages } from './pages/index.ts';
import { partsPages } from './pages/parts/index.ts';
import { reportPages } from './reports/index.ts';

/** Every page of the console, matched in this order. */
export const pages: readonly ConsolePage[] = [...workPages, ...partsPages, ...reportPages];
