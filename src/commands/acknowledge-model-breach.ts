// darktrace-acknowledge-model-breach: POST /modelbreaches/<pbid>/acknowledge (reference/darktrace-api.md
// §4.13). The unacknowledge command is the same with the flag flipped, so both come from here.
import { z } from 'zod';
import { RejectedError } from '../errors.js';
import { renderKeyValue } from '../render/markdown.js';
import { defineCommand } from './define-command.js';

/** A command that sets a breach's acknowledged flag; setting it to the state it has is not an error. */
export function defineAcknowledgement(name: string, acknowledged: boolean) {
  const verb = acknowledged ? 'acknowledged' : 'unacknowledged';
  return defineCommand({
    name,
    args: z.object({ pbid: z.number().int() }),
    async run({ client, args }) {
      let already = false;
      try {
        await client.acknowledgeBreach(args.pbid, acknowledged);
      } catch (err) {
        // Appliances may answer a repeated (un)acknowledge with something other than SUCCESS (XM
        // reads any such answer as "already acknowledged"). Rather than guess, the breach's own
        // flag decides: in the requested state, the command did its job.
        if (!(err instanceof RejectedError)) throw err;
        const breach = await client.modelBreach(args.pbid);
        // §5.1: an acknowledged breach may say so as {time, username} instead of true.
        const isAcknowledged = typeof breach.acknowledged === 'object' ? true : breach.acknowledged;
        if (isAcknowledged !== acknowledged) throw err;
        already = true;
      }
      const state = { pbid: args.pbid, acknowledged };
      return {
        outputs: { 'Darktrace.ModelBreach': state },
        readable: renderKeyValue(`Model breach ${args.pbid} ${already ? `was already ${verb}` : `${verb}`}`, state),
        raw: state,
      };
    },
  });
}

export const acknowledgeModelBreach = defineAcknowledgement('darktrace-acknowledge-model-breach', true);
