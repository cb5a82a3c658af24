// darktrace-get-model-breach: GET /modelbreaches/<pbid> (reference/darktrace-api.md §4.10, §5, §7).
import { z } from 'zod';
import { modelBreachContext, renderModelBreach } from '../render/model-breach.js';
import { defineCommand } from './define-command.js';

export const getModelBreach = defineCommand({
  name: 'darktrace-get-model-breach',
  args: z.object({ pbid: z.number().int() }),
  async run({ client, args }) {
    const breach = await client.modelBreach(args.pbid);
    const context = modelBreachContext(breach, { baseUrl: client.baseUrl, includeTriggeredComponents: true });
    return { outputs: { 'Darktrace.ModelBreach': context }, readable: renderModelBreach(context), raw: breach };
  },
});
