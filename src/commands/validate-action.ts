// darktrace-validate-action → GET /devices → src/simulator/routes/devices.ts; GET /details → src/simulator/routes/details.ts; GET /modelbreaches → src/simulator/routes/modelbreaches.ts; GET /advancedsearch/api/search/{query} → src/simulator/routes/advancedsearch.ts
import { readValidationSettings } from '../validation/settings.js';
import { renderValidationResult, validationOutputs } from '../validation/report.js';
import { runValidation, sleepUntil } from '../validation/validate-action.js';
import { defineCommand } from './define-command.js';

const NAME = 'darktrace-validate-action';

export const validateAction = defineCommand(NAME, {
  async run({ client, args, clock, params }) {
    const settings = readValidationSettings(params ?? {}, { queryTimeMin: args.query_time, delayMin: args.delay_time, queryIntervalSec: args.query_interval });
    // A war room has no manual clock: runs not yet due are waited for in real time; an action
    // longer ago than query time + delay runs every window at once.
    const result = await runValidation(
      {
        settings,
        values: { ips: args.ips ?? [], hostnames: args.hostnames ?? [] },
        actionTimeMs: args.action_time,
        context: NAME,
        ...(args.query ? { query: args.query } : {}),
      },
      { client, clock, wait: sleepUntil(clock) },
    );
    return { outputs: { 'Darktrace.Validation': validationOutputs(result) }, readable: renderValidationResult(result), raw: result };
  },
});
