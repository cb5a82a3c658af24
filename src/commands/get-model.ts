// darktrace-get-model → GET /models → src/simulator/routes/models.ts
// darktrace-get-model: GET /models?uuid= (reference/darktrace-api.md §4.16).
import { isPlainObject } from '../appliance-values.js';
import type { Model } from '../client/schemas.js';
import { modelCategory } from '../domain/breach.js';
import { cleanDescription } from '../domain/model-breach-context.js';
import { compact, pickDefined } from '../domain/objects.js';
import { renderKeyValue } from '../render/markdown.js';
import { defineCommand } from './define-command.js';

/**
 * 8-4-4-4-12 hex digits, not an RFC 4122 check: Darktrace's own model ids carry no version
 * (80010119-6d7f-0000-0305-5e0000000185 in XM's test data), which a strict check would refuse.
 */
const MODEL_UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Context fields in the order a reader wants them; category and description are derived. */
const MODEL_FIELDS = [
  'name',
  'pid',
  'phid',
  'uuid',
  'version',
  'priority',
  'category',
  'compliance',
  'active',
  'modified',
  'behaviour',
  'tags',
  'description',
  'logic',
  'mitre',
];

/** The fields of a model a playbook reads; the whole object stays in raw. */
function modelContext(model: Model): Record<string, unknown> {
  const category = modelCategory(model);
  const description = model.description === undefined ? undefined : cleanDescription(model.description);
  return pickDefined({ ...model, category, description }, MODEL_FIELDS);
}

/** "1201 (weight 1), 1202" from logic.data, which holds {cid, weight} or bare cids (§4.16). */
function componentList(logic: unknown): string | undefined {
  const data = isPlainObject(logic) ? logic['data'] : undefined;
  if (!Array.isArray(data)) return undefined;
  return data
    .map((d: unknown) => {
      if (typeof d === 'number') return String(d);
      const { cid, weight } = (d ?? {}) as { cid?: unknown; weight?: unknown };
      return weight === undefined ? String(cid) : `${String(cid)} (weight ${String(weight)})`;
    })
    .join(', ');
}

export const getModel = defineCommand('darktrace-get-model', {
  check: (args) =>
    MODEL_UUID.test(args.uuid)
      ? undefined
      : { argument: 'uuid', message: 'expected a model UUID (8-4-4-4-12 hex digits) such as 80010119-6d7f-0000-0305-5e0000000185' },
  async run({ client, args }) {
    const model = await client.model(args.uuid);
    const context = modelContext(model);
    const { logic, mitre, ...shown } = context;
    return {
      outputs: { 'Darktrace.Model': context },
      readable: renderKeyValue(`Darktrace Model ${model.name}`, compact({ ...shown, components: componentList(logic), mitre })),
      raw: model,
    };
  },
});
