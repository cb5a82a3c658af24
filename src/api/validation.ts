// The security-validation job's door for the CLI's `validate` (STYLE.md §1: cli/ -> api/ ->
// validation/'s one entry point); the war-room commands reach the same entry point through commands/.
export { advanceTo, planValidation, renderValidationResult, sleepUntil, validationOutputs } from '../validation/index.js';
