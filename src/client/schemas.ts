// zod schemas of the response fields darktrace-soar reads. Unknown keys pass through (z.looseObject)
// so a newer appliance adding fields never breaks us. A field a command cannot do without (a
// breach's pbid) that is unreadable fails as DT_BAD_RESPONSE before a handler sees it (Kibana's
// "response validation failed"); an optional field is read as real appliances send it
// (reference/darktrace-api.md §5.1: null, "", numbers as numeric strings, times as strings) and,
// when it still cannot be read, is left out of the parsed value instead of failing the record: the
// raw answer keeps it. List answers are read element by element (parse.ts parseList), so one odd record
// never fails the answer. Shapes: §4 and §5. Times are epoch ms numbers unless noted.
import { z } from 'zod';
import { readBoolean, readInteger, readNumber, readTimeMs } from '../appliance-values.js';

const num = z.number();
const str = z.string();

/**
 * An optional field read leniently: null is absent, `read` (a values.ts reader) turns what real
 * appliances send into our form first, and anything still unreadable becomes absent.
 */
function lenient<T extends z.ZodType>(schema: T, read?: (v: unknown) => unknown) {
  return z.preprocess((v) => (v === null ? undefined : read ? read(v) : v), schema.optional()).catch(undefined);
}
/** A number, also sent as a numeric string ("0.592", "1417"). */
const optNum = lenient(num, readNumber);
/** An integer, also sent as "1417" or 5.0. */
const optInt = lenient(num, readInteger);
/** Epoch ms, also sent as a numeric string or "YYYY-MM-DD HH:MM:SS" (UTC). */
const optTime = lenient(num, readTimeMs);
/** A string as sent ("" kept: some commands show it); null or a non-string is absent. */
const optStr = lenient(str);
const optBool = lenient(z.boolean(), readBoolean);
/** A required integer id: numeric strings accepted, anything else fails the record naming the field. */
const intId = z.preprocess((v) => readInteger(v) ?? v, z.number().int());
/** §4.3: ports can be a number or a range string ("5001 - 10000"). */
const PortSchema = z.union([num, str]);
/** §4.3: device ids in aggregates can be the string "others". */
const DidOrOthersSchema = z.union([num, z.literal('others')]);

const DeviceIpSchema = z.looseObject({ ip: str, timems: optTime, time: optStr, sid: optInt });

export const TagSchema = z.looseObject({
  tid: intId,
  name: str,
  expiry: optNum,
  thid: optInt,
  restricted: optBool,
  // §4.7: `data` may lack keys (XA indexed description directly and crashed).
  data: lenient(z.looseObject({ description: optStr, color: optNum, auto: optBool, visibility: optStr })),
  isReferenced: optBool,
});
export type Tag = z.infer<typeof TagSchema>;

/** §5.1: `credentials` entries are objects `{credential, lastSeen}` or plain strings. */
const CredentialSchema = z.union([str, z.looseObject({ credential: optStr, lastSeen: optTime })]);

/**
 * §4.1, §5 `device`: optional keys really are absent (XM fixture 30953 has no ip); a System breach's
 * device is `did: -1` and the appliance's test alerts carry a device with no `did` (§5.1).
 */
export const DeviceSchema = z.looseObject({
  did: optInt,
  ip: optStr,
  ips: lenient(z.array(DeviceIpSchema)),
  sid: optInt,
  hostname: optStr,
  macaddress: optStr,
  vendor: optStr,
  os: optStr,
  devicelabel: optStr,
  score: optNum,
  firstSeen: optTime,
  lastSeen: optTime,
  typename: optStr,
  typelabel: optStr,
  credentials: lenient(z.array(CredentialSchema)),
  tags: lenient(z.array(TagSchema)),
});
export type Device = z.infer<typeof DeviceSchema>;

export const StatusSchema = z.looseObject({
  version: optStr,
  hostname: optStr,
  time: optStr,
  type: optStr,
  ipAddress: optStr,
});
export type Status = z.infer<typeof StatusSchema>;

export const EndpointDetailsSchema = z.looseObject({
  hostname: optStr,
  ip: optStr,
  firsttime: optTime,
  devices: lenient(z.array(z.unknown())),
  ips: lenient(z.array(z.unknown())),
});
export type EndpointDetails = z.infer<typeof EndpointDetailsSchema>;

/** A device id or "others"; "1417" reads as 1417. */
const optDid = lenient(DidOrOthersSchema, (v) => readInteger(v) ?? v);
const optPort = lenient(PortSchema);
const SizeByDevice = z.looseObject({ did: optDid, size: optNum, firstTime: optTime });
const SizeByPort = z.looseObject({ port: optPort, size: optNum, firstTime: optTime });
const DeviceAndPort = z.union([z.literal('others'), z.looseObject({ direction: optStr, device: optDid, port: optPort })]);
/** A graph point; one that cannot be read drops the graph ("no graph data"), never the answer. */
const GraphPoint = z.looseObject({ time: z.preprocess((v) => readTimeMs(v) ?? v, num), count: z.preprocess((v) => readNumber(v) ?? v, num) });
export const DeviceInfoEntrySchema = z.looseObject({
  did: optDid,
  similarityScore: optNum,
  graphData: lenient(z.array(GraphPoint)),
  info: lenient(
    z.looseObject({
      totalUsed: optNum,
      totalServed: optNum,
      devicesAndPorts: lenient(z.array(z.looseObject({ deviceAndPort: DeviceAndPort, size: optNum }))),
      portsUsed: lenient(z.array(SizeByPort)),
      portsServed: lenient(z.array(SizeByPort)),
      devicesUsed: lenient(z.array(SizeByDevice)),
      devicesServed: lenient(z.array(SizeByDevice)),
    }),
  ),
});
export type DeviceInfoEntry = z.infer<typeof DeviceInfoEntrySchema>;
export const DeviceInfoResponseSchema = z.looseObject({ deviceInfo: z.array(DeviceInfoEntrySchema) });
export type DeviceInfoResponse = z.infer<typeof DeviceInfoResponseSchema>;

/** §4.4/§4.21 query object; offset and user_interval are strings in XSOAR, numbers in the guide. */
// eslint-disable-next-line @typescript-eslint/no-unused-vars -- nothing is parsed with it: the schema exists to give AdvancedSearchQuery its type
const AdvancedSearchQuerySchema = z.looseObject({
  search: str,
  fields: z.array(str),
  offset: z.union([num, str]),
  timeframe: str,
  time: z.looseObject({ from: str.optional(), to: str.optional(), user_interval: z.union([num, str]).optional() }).optional(),
  size: num.optional(),
});
export type AdvancedSearchQuery = z.infer<typeof AdvancedSearchQuerySchema>;

export const AnalyzeResponseSchema = z.looseObject({
  hits: z.looseObject({
    total: z.unknown().optional(),
    hits: z.array(z.looseObject({ id: z.union([str, num]), count: z.preprocess((v) => readNumber(v) ?? v, num) })),
  }),
});
export type AnalyzeResponse = z.infer<typeof AnalyzeResponseSchema>;

const SearchHitSchema = z.looseObject({ _id: optStr, _index: optStr, _source: lenient(z.looseObject({})) });
export const SearchResponseSchema = z.looseObject({
  took: optNum,
  // ES 7 reports {value, relation}; the appliance's examples use a number.
  hits: z.looseObject({ total: lenient(z.union([num, z.looseObject({ value: num })]), (v) => readNumber(v) ?? v), hits: z.array(SearchHitSchema) }),
});
export type SearchResponse = z.infer<typeof SearchResponseSchema>;

export const IntelFeedPostResponseSchema = z.looseObject({ added: optNum, updated: optNum, response: optStr });
export type IntelFeedPostResponse = z.infer<typeof IntelFeedPostResponseSchema>;

const TagEntitySchema = z.looseObject({ teid: optInt, tid: optInt, entityType: optStr, entityValue: optStr });
export const TagEntitiesResponseSchema = z.looseObject({
  // null reads as an empty list, as an absent key does.
  entities: z.preprocess((v) => v ?? undefined, z.array(TagEntitySchema).default([])),
  devices: z.preprocess((v) => v ?? undefined, z.array(DeviceSchema).default([])),
});
export type TagEntitiesResponse = z.infer<typeof TagEntitiesResponseSchema>;

export const TagDeviceResponseSchema = z.looseObject({ tid: intId });

/**
 * §5.1: `acknowledged` is false, true, or `{time, username}` once acknowledged (Elastic's pipeline
 * treats the object as the normal case). An object means acknowledged, by whom and when.
 */
const AcknowledgedSchema = lenient(z.union([z.boolean(), z.looseObject({ time: optTime, username: optStr })]), (v) => readBoolean(v) ?? v);
export type Acknowledged = z.infer<typeof AcknowledgedSchema>;

/**
 * One model breach as the breach commands read it (§5, §5.1). Only `pbid` is required; `model` is
 * kept as received, because it comes as `{then, now}` or inline (historicmodelonly) and
 * src/domain/breach.ts reads both; every other field we read may be missing, null or a string.
 */
export const BreachRecordSchema = z.looseObject({
  pbid: intId,
  time: optTime,
  creationTime: optTime,
  score: optNum,
  percentscore: optNum,
  commentCount: optInt,
  acknowledged: AcknowledgedSchema,
  breachUrl: optStr,
  model: lenient(z.looseObject({})),
  device: lenient(DeviceSchema),
  triggeredComponents: lenient(z.array(z.unknown())),
});
export type BreachRecord = z.infer<typeof BreachRecordSchema>;

/**
 * §4.18: `time` is a "YYYY-MM-DD HH:MM:SS" string and `timems` the number; `sdid`/`ddid` are null
 * for an external peer (§5.1). `dns` and the byte counts are the evidence an analyst needs.
 */
export const DetailsEventSchema = z.looseObject({
  time: lenient(z.union([str, num])),
  timems: optTime,
  eventType: optStr,
  action: optStr,
  pbid: optInt,
  uid: optStr,
  sdid: optInt,
  ddid: optInt,
  port: lenient(PortSchema),
  source: optStr,
  destination: optStr,
});
export type DetailsEvent = z.infer<typeof DetailsEventSchema>;

export const CommentSchema = z.looseObject({
  time: optTime,
  message: lenient(str, (v) => (typeof v === 'number' ? String(v) : v)),
  pbid: optInt,
  username: optStr,
  pid: optInt,
  name: optStr,
});
export type Comment = z.infer<typeof CommentSchema>;

export const ModelSchema = z.looseObject({
  name: str,
  pid: intId,
  uuid: str,
  phid: optInt,
  priority: optNum,
  description: optStr,
  tags: lenient(z.array(str)),
  logic: lenient(z.looseObject({})),
});
export type Model = z.infer<typeof ModelSchema>;

export const ComponentSchema = z.looseObject({
  cid: intId,
  chid: optInt,
  mlid: optInt,
  threshold: optNum,
  interval: optNum,
  logic: lenient(z.looseObject({})),
  filters: lenient(z.array(z.looseObject({}))),
});
export type Component = z.infer<typeof ComponentSchema>;

/** §4.11/§4.13: a write is confirmed by {"response":"SUCCESS"} or, under Unified View, [{"replicate":true,...}]. */
export const WriteAckSchema = z.union([
  z.looseObject({ response: z.literal('SUCCESS') }),
  z.looseObject({ replicate: z.literal(true) }),
  z.array(z.looseObject({ replicate: z.literal(true) })).min(1),
]);

/** §4.11: the array form of a posted comment (XM test data). */
export const PostedCommentsSchema = z.array(z.looseObject({ message: str.min(1) })).min(1);

// ---- AI Analyst (reference/darktrace-next.md §A.4): ids are required, everything else lenient. ----

/** An AI Analyst score 0-100: a number, or a numeric string ("72.9174234" in Elastic's test input). */
const optScore = lenient(num.min(0).max(100), readNumber);
const optStrList = lenient(z.array(z.preprocess((v) => (typeof v === 'number' ? String(v) : v), str)).transform((l) => l.filter((s) => s !== '')));

/** A breach device of an event (§A.4): any field may be null; ip may carry a CIDR suffix. */
const AiaDeviceSchema = z.looseObject({ did: optInt, sid: optInt, hostname: optStr, identifier: optStr, ip: optStr, mac: optStr, subnet: optStr });
export type AiaDevice = z.infer<typeof AiaDeviceSchema>;

const AiaRelatedBreachSchema = z.looseObject({ pbid: optInt, modelName: optStr, threatScore: optNum, timestamp: optTime });
export type AiaRelatedBreach = z.infer<typeof AiaRelatedBreachSchema>;

/**
 * One incident event. `summary` (a string or a template object) and `details` (two layouts) stay as
 * received: src/domain/ai-analyst.ts renders them. An event without an `id` cannot be acted on and
 * is reported unreadable.
 */
export const AiaEventSchema = z.looseObject({
  id: str.min(1),
  title: optStr,
  createdAt: optTime,
  category: optStr,
  groupCategory: optStr,
  aiaScore: optScore,
  groupScore: optScore,
  currentGroup: optStr,
  groupPreviousGroups: optStrList,
  acknowledged: optBool,
  pinned: optBool,
  mitreTactics: optStrList,
  summary: z.unknown().optional(),
  incidentEventUrl: optStr,
  sender: optStr,
  breachDevices: lenient(z.array(lenient(AiaDeviceSchema)).transform((l) => l.filter((d): d is AiaDevice => d !== undefined))),
  relatedBreaches: lenient(z.array(lenient(AiaRelatedBreachSchema)).transform((l) => l.filter((b): b is AiaRelatedBreach => b !== undefined))),
  periods: lenient(z.array(z.looseObject({ start: optTime, end: optTime }))),
  details: z.unknown().optional(),
});
export type AiaEvent = z.infer<typeof AiaEventSchema>;

const AiaGroupEventSchema = z.looseObject({
  uuid: optStr,
  start: optTime,
  title: optStr,
  triggerDid: optInt,
  sender: optStr,
  acknowledged: optBool,
  visible: optBool,
});

/** One incident (group). Its id starts with `g` and changes when incidents merge (§A.1). */
export const AiaGroupSchema = z.looseObject({
  id: str.min(1),
  active: optBool,
  acknowledged: optBool,
  pinned: optBool,
  category: optStr,
  groupScore: optScore,
  start: optTime,
  end: optTime,
  devices: lenient(z.array(z.preprocess((v) => readInteger(v) ?? v, num))),
  initialDevices: lenient(z.array(z.preprocess((v) => readInteger(v) ?? v, num))),
  mitreTactics: optStrList,
  previousIds: optStrList,
  incidentEvents: lenient(z.array(AiaGroupEventSchema)),
  groupUrl: optStr,
});
export type AiaGroup = z.infer<typeof AiaGroupSchema>;

export const AiaCommentSchema = z.looseObject({
  username: optStr,
  time: optTime,
  incident_id: optStr,
  message: lenient(str, (v) => (typeof v === 'number' ? String(v) : v)),
});
export type AiaComment = z.infer<typeof AiaCommentSchema>;

/** §A.5/A.6: the comments answer wraps its list ({"comments": [...]}); null reads as empty. */
export const AiaCommentsAnswerSchema = z.looseObject({ comments: z.preprocess((v) => v ?? [], z.array(z.unknown())) });

/**
 * Epoch SECONDS as investigations send them (§A.1), converted to ms here so that the rest of the
 * code only meets ms. A value already in ms (13 digits) is taken as ms: the guide is inconsistent.
 */
const optSecondsAsMs = lenient(num, (v) => {
  const n = readNumber(v);
  return n === undefined ? v : n < 1e11 ? Math.round(n * 1000) : Math.floor(n);
});

export const AiaInvestigationSchema = z.looseObject({
  investigationId: str.min(1),
  time: optSecondsAsMs,
  investigationTime: optSecondsAsMs,
  did: optInt,
  status: optStr,
  createdBy: optStr,
  incidentId: optStr,
  incidents: lenient(z.array(z.looseObject({ uuid: optStr, related: lenient(z.array(z.preprocess((v) => readInteger(v) ?? v, num))) }))),
});
export type AiaInvestigation = z.infer<typeof AiaInvestigationSchema>;

export const AiaInvestigationCreatedSchema = z.looseObject({ investigationId: str.min(1) });

/** §A.2 A3: AI Analyst writes answer {"aianalyst":"SUCCESS"} (XAIA and IBM fixtures), not {"response": ...}. */
export const AiaWriteAckSchema = z.looseObject({ aianalyst: z.literal('SUCCESS') });
