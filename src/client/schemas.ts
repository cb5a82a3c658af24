// zod schemas of the response fields darktrace-soar reads. Unknown keys pass through (z.looseObject)
// so a newer appliance adding fields never breaks us; a field we read that has the wrong type fails
// as DT_BAD_RESPONSE before a handler sees it (Kibana's "response validation failed").
// Shapes: reference/darktrace-api.md §4 and §5. Times are epoch ms numbers unless noted.
import { z } from 'zod';
import { BadResponseError } from '../errors.js';

const num = z.number();
const str = z.string();
/** §4.3: ports can be a number or a range string ("5001 - 10000"). */
export const PortSchema = z.union([num, str]);
export type Port = z.infer<typeof PortSchema>;
/** §4.3: device ids in aggregates can be the string "others". */
export const DidOrOthersSchema = z.union([num, z.literal('others')]);
export type DidOrOthers = z.infer<typeof DidOrOthersSchema>;

export const DeviceIpSchema = z.looseObject({ ip: str, timems: num.optional(), time: str.optional(), sid: num.optional() });
export type DeviceIp = z.infer<typeof DeviceIpSchema>;

export const TagSchema = z.looseObject({
  tid: num,
  name: str,
  expiry: num.optional(),
  thid: num.optional(),
  restricted: z.boolean().optional(),
  // §4.7: `data` may lack keys (XA indexed description directly and crashed).
  data: z.looseObject({ description: str.optional(), color: num.optional(), auto: z.boolean().optional(), visibility: str.optional() }).optional(),
  isReferenced: z.boolean().optional(),
});
export type Tag = z.infer<typeof TagSchema>;

/** §4.1, §5 `device`: optional keys really are absent (XM fixture 30953 has no ip). */
export const DeviceSchema = z.looseObject({
  did: num,
  ip: str.optional(),
  ips: z.array(DeviceIpSchema).optional(),
  sid: num.optional(),
  hostname: str.optional(),
  macaddress: str.optional(),
  vendor: str.optional(),
  os: str.optional(),
  devicelabel: str.optional(),
  score: num.optional(),
  firstSeen: num.optional(),
  lastSeen: num.optional(),
  typename: str.optional(),
  typelabel: str.optional(),
  credentials: z.array(z.looseObject({ credential: str.optional(), lastSeen: num.optional() })).optional(),
  tags: z.array(TagSchema).optional(),
});
export type Device = z.infer<typeof DeviceSchema>;

export const StatusSchema = z.looseObject({
  version: str.optional(),
  hostname: str.optional(),
  time: str.optional(),
  type: str.optional(),
  ipAddress: str.optional(),
});
export type Status = z.infer<typeof StatusSchema>;

export const EndpointDetailsSchema = z.looseObject({
  hostname: str.optional(),
  ip: str.optional(),
  firsttime: num.optional(),
  devices: z.array(z.unknown()).optional(),
  ips: z.array(z.unknown()).optional(),
});
export type EndpointDetails = z.infer<typeof EndpointDetailsSchema>;

const SizeByDevice = z.looseObject({ did: DidOrOthersSchema, size: num.optional(), firstTime: num.optional() });
const SizeByPort = z.looseObject({ port: PortSchema, size: num.optional(), firstTime: num.optional() });
const DeviceAndPort = z.union([
  z.literal('others'),
  z.looseObject({ direction: str.optional(), device: DidOrOthersSchema.optional(), port: PortSchema.optional() }),
]);
export const DeviceInfoEntrySchema = z.looseObject({
  did: DidOrOthersSchema.optional(),
  similarityScore: num.optional(),
  graphData: z.array(z.looseObject({ time: num, count: num })).optional(),
  info: z
    .looseObject({
      totalUsed: num.optional(),
      totalServed: num.optional(),
      devicesAndPorts: z.array(z.looseObject({ deviceAndPort: DeviceAndPort, size: num.optional() })).optional(),
      portsUsed: z.array(SizeByPort).optional(),
      portsServed: z.array(SizeByPort).optional(),
      devicesUsed: z.array(SizeByDevice).optional(),
      devicesServed: z.array(SizeByDevice).optional(),
    })
    .optional(),
});
export type DeviceInfoEntry = z.infer<typeof DeviceInfoEntrySchema>;
export const DeviceInfoResponseSchema = z.looseObject({ deviceInfo: z.array(DeviceInfoEntrySchema) });
export type DeviceInfoResponse = z.infer<typeof DeviceInfoResponseSchema>;

/** §4.4/§4.21 query object; offset and user_interval are strings in XSOAR, numbers in the guide. */
export const AdvancedSearchQuerySchema = z.looseObject({
  search: str,
  fields: z.array(str),
  offset: z.union([num, str]),
  timeframe: str,
  time: z
    .looseObject({ from: str.optional(), to: str.optional(), user_interval: z.union([num, str]).optional() })
    .optional(),
  size: num.optional(),
});
export type AdvancedSearchQuery = z.infer<typeof AdvancedSearchQuerySchema>;

export const AnalyzeResponseSchema = z.looseObject({
  hits: z.looseObject({ total: z.unknown().optional(), hits: z.array(z.looseObject({ id: z.union([str, num]), count: num })) }),
});
export type AnalyzeResponse = z.infer<typeof AnalyzeResponseSchema>;

export const SearchHitSchema = z.looseObject({ _id: str.optional(), _index: str.optional(), _source: z.looseObject({}).optional() });
export type SearchHit = z.infer<typeof SearchHitSchema>;
export const SearchResponseSchema = z.looseObject({
  took: num.optional(),
  // ES 7 reports {value, relation}; the appliance's examples use a number.
  hits: z.looseObject({ total: z.union([num, z.looseObject({ value: num })]).optional(), hits: z.array(SearchHitSchema) }),
});
export type SearchResponse = z.infer<typeof SearchResponseSchema>;

export const IntelFeedPostResponseSchema = z.looseObject({ added: num.optional(), updated: num.optional(), response: str.optional() });
export type IntelFeedPostResponse = z.infer<typeof IntelFeedPostResponseSchema>;

export const TagEntitySchema = z.looseObject({ teid: num.optional(), tid: num.optional(), entityType: str.optional(), entityValue: str.optional() });
export type TagEntity = z.infer<typeof TagEntitySchema>;
export const TagEntitiesResponseSchema = z.looseObject({
  entities: z.array(TagEntitySchema).default([]),
  devices: z.array(DeviceSchema).default([]),
});
export type TagEntitiesResponse = z.infer<typeof TagEntitiesResponseSchema>;

export const TagDeviceResponseSchema = z.looseObject({ tid: num });
export type TagDeviceResponse = z.infer<typeof TagDeviceResponseSchema>;

export const ModelSummarySchema = z.looseObject({
  name: str,
  pid: num,
  phid: num.optional(),
  uuid: str.optional(),
  priority: num.optional(),
  category: str.optional(),
  compliance: z.boolean().optional(),
  description: str.optional(),
  tags: z.array(str).optional(),
  mitre: z.looseObject({ tactics: z.array(str).optional(), techniques: z.array(str).optional() }).optional(),
});
export type ModelSummary = z.infer<typeof ModelSummarySchema>;

/** §5. `model` holds then/now, or is the model itself with historicmodelonly=true. */
export const ModelBreachSchema = z.looseObject({
  pbid: num,
  time: num,
  creationTime: num.optional(),
  score: num,
  percentscore: num.optional(),
  commentCount: num.optional(),
  acknowledged: z.boolean().optional(),
  breachUrl: str.optional(),
  model: z.looseObject({
    then: ModelSummarySchema.optional(),
    now: ModelSummarySchema.optional(),
    name: str.optional(),
    pid: num.optional(),
  }),
  device: DeviceSchema.optional(),
  triggeredComponents: z.array(z.looseObject({})).optional(),
});
export type ModelBreach = z.infer<typeof ModelBreachSchema>;

/** §4.18: `time` is a "YYYY-MM-DD HH:MM:SS" string and `timems` the number. */
export const DetailsEventSchema = z.looseObject({
  time: z.union([str, num]).optional(),
  timems: num.optional(),
  eventType: str.optional(),
  action: str.optional(),
  pbid: num.optional(),
  uid: str.optional(),
  sdid: num.optional(),
  ddid: num.optional(),
  port: PortSchema.optional(),
  source: str.optional(),
  destination: str.optional(),
});
export type DetailsEvent = z.infer<typeof DetailsEventSchema>;

export const CommentSchema = z.looseObject({
  time: num,
  message: str,
  pbid: num.optional(),
  username: str.optional(),
  pid: num.optional(),
  name: str.optional(),
});
export type Comment = z.infer<typeof CommentSchema>;

export const ModelSchema = z.looseObject({
  name: str,
  pid: num,
  uuid: str,
  phid: num.optional(),
  priority: num.optional(),
  description: str.optional(),
  tags: z.array(str).optional(),
  logic: z.looseObject({}).optional(),
});
export type Model = z.infer<typeof ModelSchema>;

export const ComponentSchema = z.looseObject({
  cid: num,
  chid: num.optional(),
  mlid: num.optional(),
  threshold: num.optional(),
  interval: num.optional(),
  logic: z.looseObject({}).optional(),
  filters: z.array(z.looseObject({})).optional(),
});
export type Component = z.infer<typeof ComponentSchema>;

/** §4.11/§4.13: a write is confirmed by {"response":"SUCCESS"} or, under Unified View, [{"replicate":true,...}]. */
export const WriteAckSchema = z.union([
  z.looseObject({ response: z.literal('SUCCESS') }),
  z.looseObject({ replicate: z.literal(true) }),
  z.array(z.looseObject({ replicate: z.literal(true) })).min(1),
]);
export type WriteAck = z.infer<typeof WriteAckSchema>;

/** §4.11: the array form of a posted comment (XM test data). */
export const PostedCommentsSchema = z.array(z.looseObject({ message: str.min(1) })).min(1);
export type PostedComments = z.infer<typeof PostedCommentsSchema>;

export const UnknownArraySchema = z.array(z.unknown());

/** Validates `value`, or throws BadResponseError naming the first failing field (never its value). */
export function parseResponse<S extends z.ZodType>(schema: S, value: unknown, ctx: { method: string; path: string }): z.infer<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const where = issue && issue.path.length ? issue.path.map(String).join('.') : '(root)';
  throw new BadResponseError(
    `Darktrace answered ${ctx.method} ${ctx.path} with data this integration cannot read: ` +
      `response validation failed: ${where}: ${issue?.message ?? 'invalid'}`,
    { method: ctx.method, path: ctx.path },
    { cause: result.error },
  );
}
