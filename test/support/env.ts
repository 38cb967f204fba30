// Handlers log through Powertools; tests read outcomes, not logs.
process.env.POWERTOOLS_LOG_LEVEL ??= 'SILENT';
