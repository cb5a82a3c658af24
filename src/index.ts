// The package's public entry: `import { createIntegration } from 'darktrace-soar'`.
export { createIntegration } from './api/integration.js';
export type { ArgumentInput, CommandOutput, FetchOutput, Integration, IntegrationOptions } from './api/integration.js';
export type { Incident } from './incidents/source.js';
export type { Checkpoint } from './incidents/checkpoint.js';
export type { QuarantinedRecord } from './incidents/quarantine.js';
export type { Params } from './config/params.js';
export * from './errors.js';
