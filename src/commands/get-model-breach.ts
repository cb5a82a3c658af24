// darktrace-get-model-breach → GET /modelbreaches/{pbid} → src/simulator/routes/modelbreaches.ts
// darktrace-get-model-breach: GET /modelbreaches/<pbid> (reference/darktrace-api.md §4.10, §5, §7).
import { modelBreachContext } from '../domain/model-breach-context.js';
import { renderModelBreach } from '../render/model-breach.js';
import { defineCommand } from './define-command.js';

export const getModelBreach = defineCommand('darktrace-get-model-breach', {
  async run({ client, args }) {
    // Raw is the breach as the appliance sent it: the context reads it leniently (nulls, strings
    // for numbers), raw keeps every field as received.
    const { record, received } = await client.modelBreachAsReceived(args.pbid);
    const context = modelBreachContext(record, { baseUrl: client.baseUrl, includeTriggeredComponents: true });
    return { outputs: { 'Darktrace.ModelBreach': context }, readable: renderModelBreach(context), raw: received };
  },
});
