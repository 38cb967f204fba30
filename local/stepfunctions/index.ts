/** The local Step Functions engine: see docs/local-stepfunctions.md. */
export { type DefinitionError, prepareDefinition } from './definition.ts';
export {
  type ExecutionDescription,
  type HandlerLoader,
  type LambdaHandler,
  LocalStepFunctions,
  type LocalStepFunctionsOptions,
  type StartExecutionInput,
} from './engine.ts';
export { SfnApiError } from './errors.ts';
export type { ExecutionRecord, ExecutionStatus, JournalEntry, StoredEvent } from './journal.ts';
export { stepFunctionsHandler } from './protocol.ts';
