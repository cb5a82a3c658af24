// darktrace-acknowledge-model-breach → POST /modelbreaches/{pbid}/acknowledge → src/simulator/routes/breach-actions.ts; GET /modelbreaches/{pbid} → src/simulator/routes/modelbreaches.ts
// darktrace-acknowledge-model-breach: POST /modelbreaches/<pbid>/acknowledge (reference/darktrace-api.md
// §4.13). The unacknowledge command is the same with the flag flipped, so both come from here.
import { RejectedError } from '../errors.js';
import { renderKeyValue } from '../render/markdown.js';
import { confirmWrite } from './confirm-write.js';
import { defineCommand } from './define-command.js';

/** A command that sets a breach's acknowledged flag; setting it to the state it has is not an error. */
export function defineAcknowledgement(name: 'darktrace-acknowledge-model-breach' | 'darktrace-unacknowledge-model-breach', acknowledged: boolean) {
  const verb = acknowledged ? 'acknowledged' : 'unacknowledged';
  return defineCommand(name, {
    async run({ client, args }) {
      let already = false;
      let verified = false;
      const isApplied = async (): Promise<boolean> => {
        // §5.1: an acknowledged breach may say so as {time, username} instead of true.
        const flag = (await client.modelBreach(args.pbid)).acknowledged;
        return (typeof flag === 'object' ? true : flag) === acknowledged;
      };
      try {
        // A lost answer is not followed by a second POST: the breach's flag is read back instead.
        const outcome = await confirmWrite({
          write: () => client.acknowledgeBreach(args.pbid, acknowledged),
          isApplied,
          what: `${acknowledged ? 'acknowledging' : 'unacknowledging'} model breach ${args.pbid}`,
          where: "the breach's acknowledged flag",
        });
        verified = outcome.verified;
      } catch (err) {
        // Appliances may answer a repeated (un)acknowledge with something other than SUCCESS (XM
        // reads any such answer as "already acknowledged"). Rather than guess, the breach's own
        // flag decides: in the requested state, the command did its job.
        if (!(err instanceof RejectedError)) throw err;
        if (!(await isApplied())) throw err;
        already = true;
      }
      const state = { pbid: args.pbid, acknowledged };
      const title = already
        ? `Model breach ${args.pbid} was already ${verb}`
        : `Model breach ${args.pbid} ${verb}${verified ? ` (the answer was lost; the breach reads back as ${verb})` : ''}`;
      return {
        // `response` as XSOAR's DarktraceMBs writes it (its test_data), beside our boolean
        // `acknowledged`; theirs is the text "True", which cannot share the path (README).
        outputs: { 'Darktrace.ModelBreach': { ...state, response: `Successfully ${verb}.` } },
        readable: renderKeyValue(title, state),
        raw: state,
      };
    },
  });
}

export const acknowledgeModelBreach = defineAcknowledgement('darktrace-acknowledge-model-breach', true);
