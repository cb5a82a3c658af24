import { z } from 'zod';
import { planValidation, renderValidationResult, sleepUntil, validationOutputs } from '../validation/index.js';
import { defineCommand } from './define-command.js';

const NAME = 'darktrace-validate-action';

export const validateAction = defineCommand({
  name: NAME,
  args: z.object({
    ips: z.array(z.string()).optional(),
    hostnames: z.array(z.string()).optional(),
    action_time: z.number(),
    query: z.string().optional(),
    query_time: z.number().int().optional(),
    delay_time: z.number().int().optional(),
    query_interval: z.number().int().optional(),
  }),
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
