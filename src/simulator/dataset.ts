// The simulator's data: what the appliance would hold, loaded from test_data/api/ (one folder per
// endpoint, files shaped like the appliance's answers) and validated with zod so that a broken
// fixture fails at load time, not as a puzzling test failure. Unknown keys pass through: the files
// carry the appliance's full objects, the schemas only pin the fields the routes compute with.
//
// Base time of the static data: 2026-03-01T12:00:00Z (DATASET_BASE_TIME_MS). Breaches, events and
// log hits lie in the 12 hours before it; tests use fixedClock('2026-03-01T12:00:00Z'). The seed
// examples (similar devices of did 1, cats.com, deviceinfo of did 1) keep the seed's 2020 times.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { packagePath } from '../paths.js';
import { AiaStateSchema, loadAiaState, type GenerateAiaOptions } from './aianalyst-data.js';

export const DATASET_BASE_TIME_MS = Date.UTC(2026, 2, 1, 12, 0, 0);

const JsonObjectSchema = z.record(z.string(), z.unknown());

const DeviceSchema = z.looseObject({
  did: z.number().int(),
  ip: z.string().optional(),
  sid: z.number().int().optional(),
  hostname: z.string().optional(),
  macaddress: z.string().optional(),
  firstSeen: z.number().optional(),
  lastSeen: z.number().optional(),
  typename: z.string().optional(),
  typelabel: z.string().optional(),
});
export type Device = z.infer<typeof DeviceSchema>;

const BreachModelSchema = z.looseObject({
  name: z.string(),
  pid: z.number().int(),
  phid: z.number().int().optional(),
  uuid: z.string(),
  priority: z.number().int().min(0).max(5),
  // Absent on older appliances: clients derive it from priority (darktrace-api.md §5).
  category: z.enum(['Critical', 'Suspicious', 'Compliance', 'Informational']).optional(),
  compliance: z.boolean().optional(),
  description: z.string().optional(),
  tags: z.array(z.string()),
});
export type BreachModel = z.infer<typeof BreachModelSchema>;

export const BreachSchema = z.looseObject({
  pbid: z.number().int(),
  /** First activity, epoch ms. */
  time: z.number(),
  /** Record creation, epoch ms, >= time. */
  creationTime: z.number(),
  /** 0-1. */
  score: z.number().min(0).max(1),
  commentCount: z.number().int(),
  acknowledged: z.boolean(),
  model: z.looseObject({ then: BreachModelSchema, now: BreachModelSchema.optional() }),
  triggeredComponents: z.array(JsonObjectSchema).optional(),
  device: DeviceSchema,
});
export type Breach = z.infer<typeof BreachSchema>;

const CommentSchema = z.looseObject({
  time: z.number(),
  pbid: z.number().int(),
  username: z.string(),
  message: z.string(),
  pid: z.number().int(),
  name: z.string(),
});

const ModelSchema = z.looseObject({ name: z.string(), pid: z.number().int(), uuid: z.string() });
const ComponentSchema = z.looseObject({ cid: z.number().int() });

const TagSchema = z.looseObject({
  tid: z.number().int(),
  name: z.string(),
  expiry: z.number(),
  thid: z.number().int(),
  restricted: z.boolean(),
  data: z.looseObject({ description: z.string().optional() }),
  isReferenced: z.boolean(),
});
export type Tag = z.infer<typeof TagSchema>;

const TagEntitySchema = z.looseObject({
  teid: z.number().int(),
  tehid: z.number().int(),
  tid: z.number().int(),
  thid: z.number().int(),
  entityType: z.literal('Device'),
  entityValue: z.string(),
  valid: z.boolean(),
  /** Epoch ms when the tag falls off the device; 0 = never. */
  expiry: z.number(),
});
export type TagEntity = z.infer<typeof TagEntitySchema>;

const IntelEntrySchema = z.looseObject({
  name: z.string(),
  description: z.string().optional(),
  expiry: z.string().optional(),
  strength: z.number(),
  iagn: z.boolean(),
  source: z.string(),
});
export type IntelEntry = z.infer<typeof IntelEntrySchema>;

const DetailsEventSchema = z.looseObject({
  timems: z.number(),
  eventType: z.string(),
  sdid: z.number().int().optional(),
  ddid: z.number().int().optional(),
});
export type DetailsEvent = z.infer<typeof DetailsEventSchema>;

const SearchHitSchema = z.looseObject({
  _id: z.string(),
  _source: z.looseObject({
    '@fields': JsonObjectSchema,
    '@type': z.string(),
    '@timestamp': z.string(),
  }),
});
export type SearchHit = z.infer<typeof SearchHitSchema>;

const SimulatorDatasetSchema = z.object({
  status: JsonObjectSchema,
  devices: z.array(DeviceSchema),
  /** did (as a string key) -> the /similardevices answer. */
  similarDevices: z.record(z.string(), z.array(DeviceSchema)),
  /** 'hostname:cats.com' | 'ip:203.0.113.7' -> the /endpointdetails answer. */
  endpointDetails: z.record(z.string(), JsonObjectSchema),
  /** did -> the /deviceinfo answer for datatype=co ({deviceInfo:[...]}). */
  deviceInfo: z.record(z.string(), z.looseObject({ deviceInfo: z.array(JsonObjectSchema) })),
  /** Envelope of an /advancedsearch/api/analyze answer; hits are computed from searchHits. */
  analyze: JsonObjectSchema,
  searchHits: z.array(SearchHitSchema),
  intelfeed: z.array(IntelEntrySchema),
  tags: z.array(TagSchema),
  tagEntities: z.array(TagEntitySchema),
  breaches: z.array(BreachSchema),
  comments: z.array(CommentSchema),
  models: z.array(ModelSchema),
  components: z.array(ComponentSchema),
  events: z.array(DetailsEventSchema),
  /** AI Analyst events, comments and investigations (aianalyst-data.ts). */
  aianalyst: AiaStateSchema,
});
export type SimulatorDataset = z.infer<typeof SimulatorDatasetSchema>;

function readJson(file: string): unknown {
  return JSON.parse(readFileSync(file, 'utf8')) as unknown;
}

/** `<dir>/<prefix>-<key>.json` files -> { key: content }. */
function keyedFiles(dir: string, prefix: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const name of readdirSync(dir).sort()) {
    if (name.startsWith(`${prefix}-`) && name.endsWith('.json')) out[name.slice(prefix.length + 1, -5)] = readJson(join(dir, name));
  }
  return out;
}

/** Reads and validates a dataset from an api fixtures folder (test_data/api layout). */
function loadDataset(apiDir: string): SimulatorDataset {
  const p = (...parts: string[]) => join(apiDir, ...parts);
  const endpointDetails: Record<string, unknown> = {};
  for (const type of ['hostname', 'ip']) {
    for (const [k, v] of Object.entries(keyedFiles(p('endpointdetails'), type))) endpointDetails[`${type}:${k}`] = v;
  }
  const searchAnswer = readJson(p('advancedsearch-search', 'hits.json')) as { hits?: { hits?: unknown } };
  const devices = readJson(p('devices', 'all.json'));
  return SimulatorDatasetSchema.parse({
    status: readJson(p('status', 'default.json')),
    devices,
    similarDevices: keyedFiles(p('similardevices'), 'did'),
    endpointDetails,
    deviceInfo: keyedFiles(p('deviceinfo'), 'did'),
    analyze: readJson(p('advancedsearch-analyze', 'template.json')),
    searchHits: searchAnswer.hits?.hits,
    intelfeed: readJson(p('intelfeed', 'fulldetails.json')),
    tags: readJson(p('tags', 'all.json')),
    tagEntities: readJson(p('tags-entities', 'all.json')),
    breaches: readJson(p('modelbreaches', 'all.json')),
    comments: readJson(p('mbcomments', 'all.json')),
    models: readJson(p('models', 'all.json')),
    components: readJson(p('components', 'all.json')),
    events: readJson(p('details', 'events.json')),
    // Hundreds of events over the five days before the base time (issue: AI Analyst stream).
    aianalyst: loadAiaState({ endMs: DATASET_BASE_TIME_MS, days: 5, count: 300, devices: devices as GenerateAiaOptions['devices'] }),
  });
}

let cached: SimulatorDataset | undefined;

/** The shipped dataset from test_data/api/; a fresh deep copy on every call, safe to mutate. */
export function loadDefaultDataset(): SimulatorDataset {
  cached ??= loadDataset(packagePath('test_data', 'api'));
  return structuredClone(cached);
}
