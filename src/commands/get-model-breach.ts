// darktrace-get-model-breach: GET /modelbreaches/<pbid> (reference/darktrace-api.md §4.10, §5, §7).
import { z } from 'zod';
import { modelBreachContext } from '../domain/model-breach-context.js';
import { renderModelBreach } from '../render/model-breach.js';
import { defineCommand } from './define-command.js';

export const getModelBreach = defineCommand({
  name: 'darktrace-get-model-breach',
  args: z.object({ pbid: z.number().int() }),
  async run({ client, args }) {
    // Raw is the breach as the appliance sent it: the context reads it leniently (nulls, strings
    // for numbers), raw keeps every field as received.
    const { record, received } = await client.modelBreachAsReceived(args.pbid);
    const context = modelBreachContext(record, { baseUrl: client.baseUrl, includeTriggeredComponents: true });
    return { outputs: { 'Darktrace.ModelBreach': context }, readable: renderModelBreach(context), raw: received };
  },
});
