// darktrace-create-ai-analyst-investigation: POST /aianalyst/investigations JSON
// {investigateTime: "<epoch SECONDS>", did} (reference/darktrace-next.md §A.2 A8), then GET
// /aianalyst/investigations?investigationId= until its status is `finished` or `timeout` seconds
// have passed (0: do not wait). Polls start fast and back off to every 5 s; each poll is logged
// (info, on stderr) and Ctrl-C in the war room stops the wait (DT_CANCELLED). Still processing at
// the timeout is not a failure: the investigation exists, and the answer says how to follow it.
// A lost POST answer is never sent again: recent investigations of the device are read back.
import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
import type { DarktraceClient } from '../client/darktrace-client.js';
import type { AiaInvestigation } from '../client/schemas.js';
import { CancelledError } from '../errors.js';
import { joinSections, renderNote } from '../render/markdown.js';
import { investigationContext, renderInvestigations } from './ai-analyst-investigation.js';
import { confirmWrite } from './confirm-write.js';
import { defineCommand } from './define-command.js';

const FIRST_POLL_MS = 250;
const MAX_POLL_MS = 5_000;
/** How far back a lost POST's investigation is looked for (the appliance accepts 30 minutes of clock difference). */
const LOOKBACK_MS = 30 * 60_000;

async function findCreated(client: DarktraceClient, did: number, atSeconds: number, sentAt: number): Promise<AiaInvestigation | undefined> {
  const { items } = await client.aiaInvestigations({ startTime: sentAt - LOOKBACK_MS });
  return items.find((i) => i.did === did && i.investigationTime !== undefined && Math.floor(i.investigationTime / 1000) === atSeconds);
}

export const createAiAnalystInvestigation = defineCommand({
  name: 'darktrace-create-ai-analyst-investigation',
  args: z.object({ device_id: z.number().int(), investigate_time: z.number(), timeout: z.number().int() }),
  async run({ client, args, clock, log, signal }) {
    const sentAt = clock.now();
    const atSeconds = Math.floor(args.investigate_time / 1000);
    let found: AiaInvestigation | undefined;
    const outcome = await confirmWrite({
      write: () => client.createAiaInvestigation({ did: args.device_id, investigateTimeMs: args.investigate_time }),
      isApplied: async () => (found = await findCreated(client, args.device_id, atSeconds, sentAt)) !== undefined,
      what: `the AI Analyst investigation of device ${args.device_id}`,
      where: "the device's recent investigations",
    });
    const investigationId = outcome.verified ? found!.investigationId : outcome.value;
    const deadline = sentAt + args.timeout * 1000;
    let latest: AiaInvestigation | undefined = found;
    let delay = FIRST_POLL_MS;
    while (args.timeout > 0) {
      const { items } = await client.aiaInvestigations({ investigationId });
      latest = items.find((i) => i.investigationId === investigationId) ?? latest;
      log.info({ investigationId, status: latest?.status ?? 'not listed yet', elapsedMs: clock.now() - sentAt }, 'waiting for the AI Analyst investigation');
      if (latest?.status === 'finished' || clock.now() + delay > deadline) break;
      try {
        await sleep(delay, undefined, signal ? { signal } : {});
      } catch (err) {
        if (signal?.aborted) throw new CancelledError({ cause: err });
        throw err;
      }
      delay = Math.min(delay * 2, MAX_POLL_MS);
    }
    const context = investigationContext(latest ?? { investigationId, did: args.device_id, status: 'pending', investigationTime: atSeconds * 1000 });
    const finished = context['status'] === 'finished';
    return {
      outputs: { 'Darktrace.AIAnalystInvestigation': context },
      readable: joinSections(
        renderInvestigations(`AI Analyst investigation of device ${args.device_id} ${finished ? 'finished' : 'created'}`, [context]),
        finished
          ? undefined
          : renderNote(
              'Still running',
              args.timeout > 0
                ? `Not finished after ${args.timeout} s; follow it with !darktrace-list-ai-analyst-investigations investigation_id=${investigationId}`
                : `Follow it with !darktrace-list-ai-analyst-investigations investigation_id=${investigationId}`,
            ),
      ),
      raw: latest ?? { investigationId },
    };
  },
});
