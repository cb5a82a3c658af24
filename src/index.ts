// The package's public entry: `import { createIntegration } from 'darktrace-soar'`.
export { createIntegration } from './api/integration.js';
export type { ArgumentInput, CommandOutput, FetchOutput, Integration, IntegrationOptions } from './api/integration.js';
export type { Incident } from './fetch/breach-to-incident.js';
export type { Checkpoint } from './fetch/checkpoint.js';
export type { QuarantinedRecord } from './fetch/quarantine.js';
export type { Params } from './config/params.js';
export * from './errors.js';
