// One typed method per Darktrace endpoint. Each method builds its request in the order the public
// clients send it (the appliance signs the query unsorted, reference/darktrace-api.md §1.3), sends
// it through the one HttpTransport, and validates the fields we read (schemas.ts). It knows no
// command names and builds no output.
// Over 300 lines on purpose: it is the one list of endpoints, each method a few lines; splitting it
// by area would make "which endpoints do we call" a search instead of a read.
import type { z } from 'zod';
import { BadResponseError, RejectedError, WriteUnconfirmedError } from '../errors.js';
import { HttpTransport, type ConnectionSettings } from './http.js';
import { parseList, parseResponse, UnknownArraySchema, type ReadList } from './parse.js';
import { ReceivedBody, type ReceivedList } from './received-json.js';
import {
  AnalyzeResponseSchema,
  BreachRecordSchema,
  CommentSchema,
  ComponentSchema,
  DetailsEventSchema,
  DeviceInfoResponseSchema,
  DeviceSchema,
  EndpointDetailsSchema,
  IntelFeedPostResponseSchema,
  ModelSchema,
  PostedCommentsSchema,
  SearchResponseSchema,
  StatusSchema,
  TagDeviceResponseSchema,
  TagEntitiesResponseSchema,
  TagSchema,
  WriteAckSchema,
  AiaCommentSchema,
  AiaCommentsAnswerSchema,
  AiaEventSchema,
  AiaGroupSchema,
  AiaInvestigationCreatedSchema,
  AiaInvestigationSchema,
  AiaWriteAckSchema,
  type AiaComment,
  type AiaEvent,
  type AiaGroup,
  type AiaInvestigation,
  type AdvancedSearchQuery,
  type AnalyzeResponse,
  type BreachRecord,
  type Comment,
  type Component,
  type DetailsEvent,
  type Device,
  type DeviceInfoResponse,
  type EndpointDetails,
  type IntelFeedPostResponse,
  type Model,
  type SearchResponse,
  type Status,
  type Tag,
  type TagEntitiesResponse,
} from './schemas.js';
import {
  endpointPath,
  prepareDelete,
  prepareFormPost,
  prepareGet,
  prepareJsonPost,
  type DtapiDateFormat,
  type PreparedRequest,
  type QueryParams,
} from './signing.js';
import {
  RespondActionSchema,
  RespondConnectionSchema,
  RespondSummarySchema,
  type RespondAction,
  type RespondConnection,
  type RespondSummary,
} from './respond-schemas.js';

const DeviceArraySchema = DeviceSchema.array();

/** Standard Base64 (`+`, `/`, `=` unescaped) of the UTF-8 JSON, as XA and the SDK send it (§1.3 item 6). */
function base64Json(value: unknown): string {
  return Buffer.from(JSON.stringify(value), 'utf8').toString('base64');
}

/**
 * encodeURIComponent for one path segment, keeping `@` and `:` which RFC 3986 allows there, so a
 * metric like `@fields.source_ip` goes out as the XSOAR client sends it (vector get_advancedsearch_analyze_xsoar).
 */
function pathSegment(value: string): string {
  const encoded = encodeURIComponent(value).replace(/%40/g, '@').replace(/%3A/gi, ':');
  // "." and ".." would be resolved away by any proxy on the path; escaped, they stay one segment.
  return /^\.{1,2}$/.test(encoded) ? encoded.replace(/\./g, '%2E') : encoded;
}

/** /models and /components answer with one object; tolerate a one-element array as well. */
function single(value: unknown): unknown {
  return Array.isArray(value) && value.length === 1 ? value[0] : value;
}

/** The filters of GET /modelbreaches the commands and the fetch use (§4.9). */
export interface ModelBreachQuery {
  startTime?: number;
  endTime?: number;
  creationTime?: boolean;
  minScore01?: number;
  did?: number;
  includeAcknowledged?: boolean;
  pid?: number;
  uuid?: string;
}

/** GET /modelbreaches with full records, the device at the top and each breach's link. */
function modelBreachesRequest(o: ModelBreachQuery): PreparedRequest {
  return prepareGet('/modelbreaches', [
    ['starttime', o.startTime],
    ['endtime', o.endTime],
    ['creationtime', o.creationTime],
    ['minscore', o.minScore01],
    ['did', o.did],
    ['pid', o.pid],
    ['uuid', o.uuid],
    ['includeacknowledged', o.includeAcknowledged],
    ['minimal', false],
    ['deviceattop', true],
    ['includebreachurl', true],
  ]);
}

/** A single-breach filter can answer with one object (§4.9, pbid/uuid in XSOAR usage). */
function singleBreachAsList(value: unknown): unknown {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? [value] : value;
}

export class DarktraceClient {
  private readonly http: HttpTransport;
  /** The instance URL as configured (for links into the Threat Visualizer, never for requests). */
  readonly baseUrl: string;
  /** Aborts this view's requests (see withSignal). */
  private signal: AbortSignal | undefined;

  constructor(settings: ConnectionSettings) {
    this.http = new HttpTransport(settings);
    this.baseUrl = settings.baseUrl;
  }

  /**
   * The same client (same connections) whose requests `signal` aborts: the war room's Ctrl-C.
   * Handlers need not know: the dispatcher hands them this view.
   */
  withSignal(signal: AbortSignal): DarktraceClient {
    const view = Object.create(this) as DarktraceClient;
    view.signal = signal;
    return view;
  }

  private async call<S extends z.ZodType>(prepared: PreparedRequest, schema: S, transform?: (v: unknown) => unknown): Promise<z.infer<S>> {
    const value = await this.http.send(prepared, this.signal);
    const path = endpointPath(prepared);
    return parseResponse(schema, transform ? transform(value) : value, { method: prepared.method, path });
  }

  /**
   * A POST whose confirmation we validate. An answer that arrived but does not have the expected
   * shape leaves the write's outcome unknown, like a lost answer: the command reads the state back.
   */
  private async write<S extends z.ZodType>(prepared: PreparedRequest, schema: S): Promise<z.infer<S>> {
    const value = await this.http.send(prepared, this.signal);
    const path = endpointPath(prepared);
    try {
      return parseResponse(schema, value, { method: prepared.method, path });
    } catch (err) {
      if (!(err instanceof BadResponseError)) throw err;
      throw new WriteUnconfirmedError(
        `Darktrace answered ${prepared.method} ${path} in a form we do not recognise: the change may or may not have been applied.`,
        { method: prepared.method, path },
        { cause: err },
      );
    }
  }

  /** The DTAPI-Date form the appliance accepted (after at most one fallback, darktrace-api.md §1.2). */
  get dtapiDate(): { format: DtapiDateFormat; pattern: string; confirmed: boolean } {
    return this.http.dtapiDate;
  }

  private get<S extends z.ZodType>(path: string, query: QueryParams | undefined, schema: S, transform?: (v: unknown) => unknown): Promise<z.infer<S>> {
    return this.call(prepareGet(path, query), schema, transform);
  }

  /** A GET whose answer is a list, read element by element (parse.ts parseList). */
  private async getList<S extends z.ZodType>(path: string, query: QueryParams | undefined, schema: S): Promise<ReadList<z.infer<S>>> {
    const prepared = prepareGet(path, query);
    const value = await this.http.send(prepared, this.signal);
    return parseList(schema, value, { method: prepared.method, path: endpointPath(prepared) });
  }

  /** GET /status (§4.19): connectivity and authentication check. */
  status(): Promise<Status> {
    return this.get('/status', undefined, StatusSchema);
  }

  /** GET /similardevices?did=&count= (§4.1). */
  similarDevices(o: { did: number; count: number }): Promise<ReadList<Device>> {
    return this.getList(
      '/similardevices',
      [
        ['did', o.did],
        ['count', o.count],
      ],
      DeviceSchema,
    );
  }

  /** GET /endpointdetails: the endpoint type is the query key itself (§4.2). */
  endpointDetails(o: { type: 'ip' | 'hostname'; value: string; additionalInfo: boolean; devices: boolean; score: boolean }): Promise<EndpointDetails> {
    return this.get(
      '/endpointdetails',
      [
        [o.type, o.value],
        ['additionalinfo', o.additionalInfo],
        ['devices', o.devices],
        ['score', o.score],
      ],
      EndpointDetailsSchema,
    );
  }

  /** GET /deviceinfo in XA's key order; unset optionals are left out of URL and signature (§4.3, §1.3 item 3). */
  deviceInfo(o: {
    did: number;
    dataType: 'co' | 'sizeout' | 'sizein';
    externalDomain?: string;
    destinationDid?: number;
    showAllGraphData?: boolean;
    fullDeviceDetails?: boolean;
    similarDevices?: number;
  }): Promise<DeviceInfoResponse> {
    return this.get(
      '/deviceinfo',
      [
        ['did', o.did],
        ['datatype', o.dataType],
        ['externaldomain', o.externalDomain || undefined],
        ['oid', o.destinationDid],
        ['showallgraphdata', o.showAllGraphData],
        ['fulldevicedetails', o.fullDeviceDetails],
        ['similardevices', o.similarDevices],
      ],
      DeviceInfoResponseSchema,
    );
  }

  /**
   * GET /advancedsearch/api/analyze/<metric>/<operation>/<b64 query> (§4.4). Standard Base64 can
   * contain "/", which would split the segment, so it goes out as %2F; "+" and "=" are legal in a
   * path and stay as XA sends them (§1.3 item 6).
   */
  advancedSearchAnalyze(o: { metric: string; operation: string; query: AdvancedSearchQuery }): Promise<AnalyzeResponse> {
    const b64 = base64Json(o.query).replace(/\//g, '%2F');
    const path = `/advancedsearch/api/analyze/${pathSegment(o.metric)}/${pathSegment(o.operation)}/${b64}`;
    return this.get(path, undefined, AnalyzeResponseSchema);
  }

  /** GET /advancedsearch/api/search/<b64 query> (§4.21). */
  advancedSearch(query: AdvancedSearchQuery): Promise<SearchResponse> {
    return this.get(`/advancedsearch/api/search/${base64Json(query)}`, undefined, SearchResponseSchema);
  }

  /** POST /intelfeed JSON (§4.5); an empty description is omitted, never sent as "None" (§6 P12). */
  postIntelFeed(o: { addlist: string[]; description?: string; source?: string }): Promise<IntelFeedPostResponse> {
    const body = {
      addlist: o.addlist.join(','),
      ...(o.description ? { description: o.description } : {}),
      ...(o.source ? { source: o.source } : {}),
    };
    return this.write(prepareJsonPost('/intelfeed', body), IntelFeedPostResponseSchema);
  }

  /** GET /intelfeed (§4.6): strings, or objects with fulldetails. */
  getIntelFeed(o: { fullDetails?: boolean; source?: string } = {}): Promise<unknown[]> {
    return this.get(
      '/intelfeed',
      [
        ['source', o.source],
        ['fulldetails', o.fullDetails],
      ],
      UnknownArraySchema,
    );
  }

  /** GET /tags/entities?tag=&fulldevicedetails=true (§4.7). */
  taggedDevices(tag: string): Promise<TagEntitiesResponse> {
    return this.get(
      '/tags/entities',
      [
        ['tag', tag],
        ['fulldevicedetails', true],
      ],
      TagEntitiesResponseSchema,
    );
  }

  /** GET /tags/entities?did= (§4.7): the tags on one device. */
  deviceTags(did: number): Promise<ReadList<Tag>> {
    return this.getList('/tags/entities', [['did', did]], TagSchema);
  }

  /** POST /tags/entities form did, tag (+ duration seconds) (§4.8); form is what every public client sends. */
  async tagDevice(o: { did: number; tag: string; durationSeconds?: number }): Promise<{ tid: number }> {
    const form: QueryParams = [
      ['did', o.did],
      ['tag', o.tag],
      ['duration', o.durationSeconds],
    ];
    const { tid } = await this.write(prepareFormPost('/tags/entities', form), TagDeviceResponseSchema);
    return { tid };
  }

  /**
   * GET /modelbreaches (§4.9). Returns the records unvalidated: the fetcher validates each one so a
   * record the fetcher cannot deliver is quarantined by it, never dropped here. minscore is 0-1 (§6 P5).
   */
  modelBreaches(o: ModelBreachQuery): Promise<unknown[]> {
    return this.call(modelBreachesRequest(o), UnknownArraySchema, singleBreachAsList);
  }

  /**
   * GET /modelbreaches as the fetch asks for it: resolves once the answer has arrived, before it is
   * parsed, so the fetch can ask for its next slice while it reads this one (incidents/
   * fetch-incidents.ts). `records()` parses, and throws what modelBreaches would. `signal` cancels
   * it (CancelledError) when the fetch no longer needs the answer.
   */
  async modelBreachesReceived(o: ModelBreachQuery, signal?: AbortSignal): Promise<ReceivedList> {
    const prepared = modelBreachesRequest(o);
    const value = await this.http.send(prepared, signal ?? this.signal, { defer: true });
    const ctx = { method: prepared.method, path: endpointPath(prepared) };
    // Anything but a ReceivedBody is an empty success (null), read already.
    const body = value instanceof ReceivedBody ? value : { length: 0, value: () => value };
    return { length: body.length, records: () => parseResponse(UnknownArraySchema, singleBreachAsList(body.value()), ctx) };
  }

  /** GET /modelbreaches/<pbid> (§4.10), any shape of §5.1; a one-element list is read as its element. */
  async modelBreach(pbid: number): Promise<BreachRecord> {
    return (await this.modelBreachAsReceived(pbid)).record;
  }

  /** GET /modelbreaches/<pbid>: the breach as read, and as received (for raw output: nothing dropped or converted). */
  async modelBreachAsReceived(pbid: number): Promise<{ record: BreachRecord; received: unknown }> {
    const prepared = prepareGet(`/modelbreaches/${pbid}`, undefined);
    const received = single(await this.http.send(prepared, this.signal));
    return { record: parseResponse(BreachRecordSchema, received, { method: prepared.method, path: endpointPath(prepared) }), received };
  }

  /**
   * GET /details?pbid= (§4.18): the first element is the breach record itself (§6 P11), so one more
   * is asked for and that record dropped; at most `count` connections come back, with the records
   * that could not be read named apart.
   */
  async breachConnections(o: { pbid: number; count: number; offset?: number; endTime?: number }): Promise<ReadList<DetailsEvent>> {
    const { items, unreadable, received } = await this.getList(
      '/details',
      [
        ['pbid', o.pbid],
        ['endtime', o.endTime],
        ['count', o.count + 1],
        ['offset', o.offset],
        ['order', 'desc'],
      ],
      DetailsEventSchema,
    );
    const rest = items[0]?.eventType === 'policybreach' ? items.slice(1) : items;
    return { items: rest.slice(0, o.count), unreadable, received };
  }

  /**
   * GET /modelbreaches/<pbid>/comments (§4.11). Not /mbcomments?pbid= (§4.15): that filter answers
   * an unknown pbid with an empty list, so a mistyped pbid would read as "no comments".
   */
  breachComments(pbid: number): Promise<ReadList<Comment>> {
    return this.getList(`/modelbreaches/${pbid}/comments`, undefined, CommentSchema);
  }

  /** POST /modelbreaches/<pbid>/comments JSON {"message"} (§4.11); anything but a confirmation is DT_REJECTED. */
  async postBreachComment(pbid: number, message: string): Promise<void> {
    const prepared = prepareJsonPost(`/modelbreaches/${pbid}/comments`, { message });
    const value = await this.http.send(prepared, this.signal);
    const ack = WriteAckSchema.safeParse(value);
    if (ack.success || PostedCommentsSchema.safeParse(value).success) return;
    throw new RejectedError(`Darktrace did not confirm the comment on model breach ${pbid}: check the pbid and that the API token may discuss breaches.`, {
      method: prepared.method,
      path: prepared.requestTarget,
    });
  }

  /** POST /modelbreaches/<pbid>/acknowledge|unacknowledge JSON (§4.13-§4.14). */
  async acknowledgeBreach(pbid: number, acknowledged: boolean): Promise<void> {
    const action = acknowledged ? 'acknowledge' : 'unacknowledge';
    const prepared = prepareJsonPost(`/modelbreaches/${pbid}/${action}`, { [action]: 'true' });
    const value = await this.http.send(prepared, this.signal);
    if (WriteAckSchema.safeParse(value).success) return;
    // XM reads any other answer as "already in that state"; we report it rather than guess.
    throw new RejectedError(`Darktrace did not confirm the ${action} of model breach ${pbid} (it may already be ${action}d): check the pbid.`, {
      method: prepared.method,
      path: prepared.requestTarget,
    });
  }

  /** GET /models?uuid= (§4.16). */
  model(uuid: string): Promise<Model> {
    return this.get('/models', [['uuid', uuid]], ModelSchema, single);
  }

  /** GET /components?cid= (§4.17). */
  component(cid: number): Promise<Component> {
    return this.get('/components', [['cid', cid]], ComponentSchema, single);
  }

  /** GET /details?did=&starttime=&endtime= (§4.18), times in epoch ms. */
  details(o: { did: number; startTime: number; endTime: number; eventType?: string; count?: number; offset?: number }): Promise<ReadList<DetailsEvent>> {
    return this.getList(
      '/details',
      [
        ['did', o.did],
        ['starttime', o.startTime],
        ['endtime', o.endTime],
        ['eventtype', o.eventType],
        ['count', o.count],
        ['offset', o.offset],
      ],
      DetailsEventSchema,
    );
  }

  /** GET /devices (§4.20): the answer is an array or {devices:[...]}; a single device object is wrapped. */
  devices(o: { ip?: string; did?: number; hostname?: string; seenSince?: string; count?: number }): Promise<Device[]> {
    return this.get(
      '/devices',
      [
        ['ip', o.ip],
        ['did', o.did],
        ['hostname', o.hostname],
        ['seensince', o.seenSince],
        ['count', o.count],
      ],
      DeviceArraySchema,
      (v) => {
        if (Array.isArray(v) || v === null || typeof v !== 'object') return v;
        const devices = (v as { devices?: unknown }).devices;
        return devices !== undefined ? devices : 'did' in v ? [v] : v;
      },
    );
  }

  // RESPOND / Antigena and the rollbacks of tags and watched entries (darktrace-next.md §B). Each
  // write is built by a *Request method and sent by sendWrite, so that a dry run can show the very
  // request a real run sends.

  /**
   * GET /antigena (§B.1 B1). The answer is a list, or `{actions, devices, connections}` with
   * fulldevicedetails or includeconnections; both are read. starttime/endtime go as a pair or not at all.
   */
  async respondActions(o: {
    did?: number;
    pbid?: number;
    needConfirming?: boolean;
    includeCleared?: boolean;
    includeHistory?: boolean;
    includeConnections?: boolean;
    startTime?: number;
    endTime?: number;
  }): Promise<{ actions: ReadList<RespondAction>; connections: ReadList<RespondConnection> }> {
    const prepared = prepareGet('/antigena', [
      ['did', o.did],
      ['pbid', o.pbid],
      ['needconfirming', o.needConfirming],
      ['includecleared', o.includeCleared],
      ['includehistory', o.includeHistory],
      ['includeconnections', o.includeConnections],
      ['starttime', o.startTime],
      ['endtime', o.endTime],
    ]);
    const value = await this.http.send(prepared, this.signal);
    const ctx = { method: prepared.method, path: endpointPath(prepared) };
    const wrapped = value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
    return {
      actions: parseList(RespondActionSchema, wrapped ? wrapped['actions'] : value, ctx),
      connections: parseList(RespondConnectionSchema, wrapped?.['connections'] ?? [], ctx),
    };
  }

  /** GET /antigena/summary (§B.1 B4); pendingCount is always 0 when a window is given (G61). */
  respondSummary(o: { startTime?: number; endTime?: number }): Promise<RespondSummary> {
    return this.get(
      '/antigena/summary',
      [
        ['starttime', o.startTime],
        ['endtime', o.endTime],
      ],
      RespondSummarySchema,
    );
  }

  /**
   * POST /antigena JSON (§B.2): activate (`activate:true`), reactivate (the same, with a duration),
   * extend (a duration alone: the new remaining time from now) or clear (`clear:true`).
   */
  respondChangeRequest(o: { codeid: number; activate?: boolean; clear?: boolean; durationSeconds?: number; reason: string }): PreparedRequest {
    return prepareJsonPost('/antigena', {
      codeid: o.codeid,
      ...(o.activate ? { activate: true } : {}),
      ...(o.clear ? { clear: true } : {}),
      ...(o.durationSeconds === undefined ? {} : { duration: o.durationSeconds }),
      reason: o.reason,
    });
  }

  /** POST /antigena/manual JSON (TV 6+, §B.1 B3); `connections` only for the connection action. */
  manualRespondActionRequest(o: {
    did: number;
    action: string;
    durationSeconds: number;
    reason: string;
    connections?: ReadonlyArray<{ src: string; dst: string; port?: number }>;
  }): PreparedRequest {
    return prepareJsonPost('/antigena/manual', {
      did: o.did,
      action: o.action,
      duration: o.durationSeconds,
      reason: o.reason,
      ...(o.connections ? { connections: o.connections } : {}),
    });
  }

  /** DELETE /tags/entities?did=&tag= (§B.5), both required, signed like a GET. */
  removeDeviceTagRequest(o: { did: number; tag: string }): PreparedRequest {
    return prepareDelete('/tags/entities', [
      ['did', o.did],
      ['tag', o.tag],
    ]);
  }

  /** POST /intelfeed JSON {removeentry, source} (§B.5); `source` matters when several sources hold the entry. */
  removeWatchedEntryRequest(o: { entry: string; source?: string }): PreparedRequest {
    return prepareJsonPost('/intelfeed', { removeentry: o.entry, ...(o.source ? { source: o.source } : {}) });
  }

  /**
   * Sends a write built by one of the *Request methods. The answers of these writes are not
   * documented (§G item 3), so any success is taken as sent; an error reported inside a 200
   * (`{"error": …}`, `{"response": "… ERROR"}`, GSO) is the appliance's refusal, DT_REJECTED with its text.
   */
  async sendWrite(prepared: PreparedRequest): Promise<unknown> {
    const value = await this.http.send(prepared, this.signal);
    const o = value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
    const refusal = typeof o['error'] === 'string' ? o['error'] : typeof o['response'] === 'string' && /ERROR$/.test(o['response']) ? o['response'] : undefined;
    if (refusal !== undefined) {
      const path = endpointPath(prepared);
      throw new RejectedError(`Darktrace refused ${prepared.method} ${path}: ${refusal.slice(0, 200)}`, { method: prepared.method, path });
    }
    return value;
  }

  /**
   * GET /mbcomments?starttime=&endtime=&count= (§4.15): the comments on every breach in a window
   * (epoch ms, both ends inclusive). The appliance caps the answer at `count` (100 when not sent),
   * so a caller that gets `count` rows back must narrow the window (src/mirror/model-breaches.ts).
   */
  commentsInWindow(o: { startTime: number; endTime: number; count: number }): Promise<ReadList<Comment>> {
    return this.getList(
      '/mbcomments',
      [
        ['starttime', o.startTime],
        ['endtime', o.endTime],
        ['count', o.count],
      ],
      CommentSchema,
    );
  }

  /**
   * GET /modelbreaches?pbid=<a>,<b>,...&includeacknowledged=true&minimal=true: the current state of
   * a batch of breaches (the comma form is a note of the API guide, darktrace-next.md §C.2; one pbid
   * answers with an object, which is read as a one-element list). An appliance that does not know
   * the comma form answers INPUT ERROR (DT_REJECTED): the caller reads one pbid at a time instead.
   */
  breachStates(pbids: readonly number[]): Promise<ReadList<BreachRecord>> {
    const prepared = prepareGet('/modelbreaches', [
      ['pbid', pbids.join(',')],
      ['includeacknowledged', true],
      ['minimal', true],
    ]);
    return this.http.send(prepared, this.signal).then((value) =>
      parseList(BreachRecordSchema, value !== null && typeof value === 'object' && !Array.isArray(value) ? [value] : value, {
        method: prepared.method,
        path: endpointPath(prepared),
      }),
    );
  }

  /**
   * GET /aianalyst/incidentevents (§A.2 A1, §A.3). The category filter is `group<category>=true` on
   * this endpoint (the plain names are silently ignored here). Times are epoch ms.
   */
  aiaEvents(q: AiaQuery): Promise<ReadList<AiaEvent>> {
    return this.getList('/aianalyst/incidentevents', aiaQuery(q, 'group'), AiaEventSchema);
  }

  /** GET /aianalyst/groups (§A.2 A2): plain `critical=true` category names here, and `groupid` beats `uuid`. */
  aiaGroups(q: AiaQuery): Promise<ReadList<AiaGroup>> {
    return this.getList('/aianalyst/groups', aiaQuery(q, ''), AiaGroupSchema);
  }

  /**
   * POST /aianalyst/acknowledge|unacknowledge|pin|unpin, form `uuid=<id>,<id>…` (§A.2 A3/A4: these
   * endpoints take no JSON). Anything but {"aianalyst":"SUCCESS"} is DT_REJECTED.
   */
  async aiaSetFlag(action: 'acknowledge' | 'unacknowledge' | 'pin' | 'unpin', eventIds: readonly string[]): Promise<void> {
    const prepared = prepareFormPost(`/aianalyst/${action}`, [['uuid', eventIds.join(',')]]);
    const value = await this.http.send(prepared, this.signal);
    if (AiaWriteAckSchema.safeParse(value).success || WriteAckSchema.safeParse(value).success) return;
    throw new RejectedError(`Darktrace did not confirm the ${action} of AI Analyst event(s) ${eventIds.join(', ')}: check the event ids.`, {
      method: prepared.method,
      path: prepared.requestTarget,
    });
  }

  /** GET /aianalyst/incident/comments?incident_id=<event id> (§A.2 A5): {"comments": [...]}, read element by element. */
  async aiaComments(eventId: string): Promise<ReadList<AiaComment>> {
    const prepared = prepareGet('/aianalyst/incident/comments', [['incident_id', eventId]]);
    const ctx = { method: prepared.method, path: endpointPath(prepared) };
    const answer = parseResponse(AiaCommentsAnswerSchema, await this.http.send(prepared, this.signal), ctx);
    return parseList(AiaCommentSchema, answer.comments, ctx);
  }

  /**
   * POST /aianalyst/incident/comments JSON {incident_id, message} (§A.2 A6). SUCCESS does not mean
   * stored (TV 7.0.42 answers SUCCESS and stores nothing): the caller reads the comments back.
   */
  async postAiaComment(eventId: string, message: string): Promise<void> {
    const prepared = prepareJsonPost('/aianalyst/incident/comments', { incident_id: eventId, message });
    const value = await this.http.send(prepared, this.signal);
    if (AiaWriteAckSchema.safeParse(value).success || WriteAckSchema.safeParse(value).success) return;
    throw new RejectedError(`Darktrace did not confirm the comment on AI Analyst event ${eventId}: check the event id.`, {
      method: prepared.method,
      path: prepared.requestTarget,
    });
  }

  /**
   * GET /aianalyst/investigations (§A.2 A7). `investigationId` in camelCase as the guide spells it;
   * the window is sent in ms (the guide's text; its example uses seconds, which the appliance may
   * also read). Answer times are seconds and come back as ms (schemas.ts).
   */
  aiaInvestigations(q: { investigationId?: string; startTime?: number; endTime?: number }): Promise<ReadList<AiaInvestigation>> {
    return this.getList(
      '/aianalyst/investigations',
      [
        ['investigationId', q.investigationId],
        ['starttime', q.startTime],
        ['endtime', q.endTime],
      ],
      AiaInvestigationSchema,
    );
  }

  /** POST /aianalyst/investigations JSON {investigateTime: "<epoch SECONDS>", did} (§A.2 A8); returns the new id. */
  async createAiaInvestigation(o: { did: number; investigateTimeMs: number }): Promise<string> {
    const body = { investigateTime: String(Math.floor(o.investigateTimeMs / 1000)), did: o.did };
    return (await this.write(prepareJsonPost('/aianalyst/investigations', body), AiaInvestigationCreatedSchema)).investigationId;
  }

  close(): Promise<void> {
    return this.http.close();
  }
}

export type AiaCategory = 'critical' | 'suspicious' | 'compliance';

/** The query parameters of both AI Analyst list endpoints (§A.3); times epoch ms, scores 0-100. */
export interface AiaQuery {
  uuids?: readonly string[];
  groupIds?: readonly string[];
  startTime?: number;
  endTime?: number;
  /** Event score on /incidentevents, incident score on /groups (same name, §A.3). */
  minScore?: number;
  /** Incident score; /incidentevents only. */
  minGroupScore?: number;
  categories?: readonly AiaCategory[];
  includeAcknowledged?: boolean;
  includeAllPinned?: boolean;
  saasOnly?: boolean;
  did?: number;
  excludeDid?: number;
  locale?: string;
  includeUrl?: boolean;
}

/**
 * The query of one endpoint: `prefix` 'group' on /incidentevents (groupcritical=true), '' on
 * /groups (critical=true). Sending the wrong name would be silently ignored by the appliance.
 */
function aiaQuery(q: AiaQuery, prefix: 'group' | ''): QueryParams {
  const events = prefix === 'group';
  return [
    ['uuid', q.uuids?.length ? q.uuids.join(',') : undefined],
    ['groupid', q.groupIds?.length ? q.groupIds.join(',') : undefined],
    ['starttime', q.startTime],
    ['endtime', q.endTime],
    ['minscore', q.minScore],
    ['mingroupscore', events ? q.minGroupScore : undefined],
    ...(q.categories ?? []).map((c): [string, boolean] => [`${prefix}${c}`, true]),
    ['includeacknowledged', q.includeAcknowledged],
    ['includeallpinned', q.includeAllPinned],
    ['saasonly', q.saasOnly],
    ['did', q.did],
    ['excludedid', q.excludeDid],
    ['locale', q.locale],
    [events ? 'includeincidenteventurl' : 'includegroupurl', q.includeUrl],
  ];
}
