// The four commands that set a flag on AI Analyst events (reference/darktrace-next.md §A.2 A3/A4):
// acknowledge, unacknowledge, pin and unpin take one event id or a list, sent in ONE form POST
// (`uuid=<id>,<id>`). The appliance answers SUCCESS also for ids it does not know (§A.5), so the
// events are read first and an unknown id is refused before anything is written. A lost answer is
// never followed by a second POST: the events are read back (confirm-write.ts).
import { z } from 'zod';
import type { DarktraceClient } from '../client/darktrace-client.js';
import type { AiaEvent } from '../client/schemas.js';
import { NotFoundError, RejectedError } from '../errors.js';
import { renderTable } from '../render/markdown.js';
import { EventIdSchema } from './ai-analyst-context.js';
import { confirmWrite } from './confirm-write.js';
import { defineCommand } from './define-command.js';

type Action = 'acknowledge' | 'unacknowledge' | 'pin' | 'unpin';
const FLAG: Record<Action, { key: 'acknowledged' | 'pinned'; value: boolean; done: string }> = {
  acknowledge: { key: 'acknowledged', value: true, done: 'acknowledged' },
  unacknowledge: { key: 'acknowledged', value: false, done: 'unacknowledged' },
  pin: { key: 'pinned', value: true, done: 'pinned' },
  unpin: { key: 'pinned', value: false, done: 'unpinned' },
};

/** The events, whatever their state (acknowledged ones included), by id. */
async function readEvents(client: DarktraceClient, ids: readonly string[]): Promise<Map<string, AiaEvent>> {
  const { items } = await client.aiaEvents({ uuids: ids, includeAcknowledged: true });
  return new Map(items.filter((e) => ids.includes(e.id)).map((e) => [e.id, e]));
}

/**
 * Sets the flag on every event in one request, confirmed or read back. Returns whether the answer
 * was lost (and the state read back instead) and whether every event already had the state.
 */
export async function setEventFlag(
  client: DarktraceClient,
  action: Action,
  ids: readonly string[],
  what: string,
): Promise<{ verified: boolean; already: boolean; events: Map<string, AiaEvent> }> {
  const { key, value } = FLAG[action];
  const before = await readEvents(client, ids);
  const missing = ids.filter((id) => !before.has(id));
  if (missing.length > 0) {
    throw new NotFoundError(`No AI Analyst event found for ${missing.join(', ')}: nothing was changed. Check the event id${missing.length > 1 ? 's' : ''}.`);
  }
  const isApplied = async () => {
    const now = await readEvents(client, ids);
    return ids.every((id) => now.get(id)?.[key] === value);
  };
  const already = ids.every((id) => before.get(id)?.[key] === value);
  try {
    const outcome = await confirmWrite({ write: () => client.aiaSetFlag(action, ids), isApplied, what, where: `the ${key} flag of the events` });
    return { verified: outcome.verified, already, events: before };
  } catch (err) {
    // An answer other than SUCCESS: the events' own flags decide, as for model breaches.
    if (!(err instanceof RejectedError) || !(await isApplied())) throw err;
    return { verified: false, already: true, events: before };
  }
}

/** XSOAR DarktraceAIA's `response` texts, so its playbooks' conditions still match. */
const RESPONSE: Record<Action, string> = {
  acknowledge: 'Successfully acknowledged.',
  unacknowledge: 'Successfully unacknowledged.',
  pin: 'Successfully pinned.',
  unpin: 'Successfully unpinned.',
};

export function defineEventFlagCommand(name: string, action: Action) {
  const { key, value, done } = FLAG[action];
  return defineCommand({
    name,
    args: z.object({ eventId: z.array(EventIdSchema).min(1) }),
    async run({ client, args }) {
      const ids = [...new Set(args.eventId)];
      const what = `${action === 'pin' || action === 'unpin' ? `${action}ning` : `${action.slice(0, -1)}ing`} AI Analyst event(s) ${ids.join(', ')}`;
      const { verified, already, events } = await setEventFlag(client, action, ids, what);
      const rows = ids.map((id) => ({ eventId: id, title: events.get(id)?.title, [key]: value }));
      const note = already ? ` (already ${done})` : verified ? ' (the answer was lost; the events read back as changed)' : '';
      return {
        outputs: { 'Darktrace.AIAnalyst': ids.map((id) => ({ eventId: id, [key]: value, response: RESPONSE[action] })) },
        readable: renderTable(`AI Analyst event${ids.length > 1 ? 's' : ''} ${done}${note}`, rows),
        raw: rows,
      };
    },
  });
}
