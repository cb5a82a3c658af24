// darktrace-validate-action → GET /devices → src/simulator/routes/devices.ts; GET /details → src/simulator/routes/details.ts; GET /modelbreaches → src/simulator/routes/modelbreaches.ts; GET /advancedsearch/api/search/{query} → src/simulator/routes/advancedsearch.ts
import { planValidation, renderValidationResult, sleepUntil, validationOutputs } from '../validation/index.js';
import { defineCommand } from './define-command.js';

const NAME = 'darktrace-validate-action';

export const validateAction = defineCommand(NAME, {
  async run({ client, args, clock, params }) {
    const plan = planValidation(params, {
      ips: args.ips ?? [],
      hostnames: args.hostnames ?? [],
      query: args.query,
      actionTimeMs: args.action_time,
      overrides: { queryTimeMin: args.query_time, delayMin: args.delay_time, queryIntervalSec: args.query_interval },
      context: NAME,
    });
    // A war room has no manual clock: runs not yet due are waited for in real time; an action
    // longer ago than query time + delay runs every window at once.
    const result = await plan.run({ client, clock, wait: sleepUntil(clock) });
    return { outputs: { 'Darktrace.Validation': validationOutputs(result) }, readable: renderValidationResult(result), raw: result };
  },
});
