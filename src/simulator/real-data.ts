// The simulator's real-data mode: answers with the bodies of test_data/real/<endpoint>/<case>.json,
// response shapes real appliances were recorded sending (XSOAR's Darktrace packs, Elastic's
// integration, stix-shifter's module, IBM's app; each file names its source). The bodies are served
// exactly as stored, so every command and the fetcher meet nulls, numeric strings, acknowledged
// objects, System breaches and inline models over a real socket.
//
// Which case answers: a test selects cases with use(); by default every case is selected. A list
// of breaches (GET /modelbreaches) is every selected breach record in the time window (a record
// whose time cannot be read is always in it) and matching `pbid` when given; one breach (GET
// /modelbreaches/<pbid>) is the first selected record with that pbid; any other endpoint answers
// the first selected case of its folder. An endpoint with no selected case falls through to the
// simulator's own dataset (status, writes the corpus has no answer for).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packagePath } from '../paths.js';
import { json, notFound, type RouteContext, type RouteResult } from './routes/route-kit.js';

export interface RealCase {
  /** '<endpoint folder>/<case file without .json>', e.g. 'modelbreaches/elastic-system-breach-inline-model'. */
  readonly name: string;
  readonly endpoint: string;
  readonly source: string;
  readonly request: string;
  readonly body: unknown;
}

/** Reads every case under test_data/real/. A file without a `body` is not a case and is skipped. */
export function loadRealCases(dir = packagePath('test_data', 'real')): RealCase[] {
  const cases: RealCase[] = [];
  for (const folder of readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort()) {
    for (const file of readdirSync(join(dir, folder))
      .filter((f) => f.endsWith('.json'))
      .sort()) {
      const parsed = JSON.parse(readFileSync(join(dir, folder, file), 'utf8')) as Record<string, unknown>;
      if (!('body' in parsed)) continue;
      cases.push({
        name: `${folder}/${file.slice(0, -5)}`,
        endpoint: folder,
        source: typeof parsed['source'] === 'string' ? parsed['source'] : '',
        request: typeof parsed['request'] === 'string' ? parsed['request'] : '',
        body: parsed['body'],
      });
    }
  }
  return cases;
}

/** The breach records of a breach case: the body itself, or each element of a list body. */
export function breachRecords(c: RealCase): unknown[] {
  return Array.isArray(c.body) ? c.body : [c.body];
}

/** A breach record's pbid as sent (number or numeric string), for matching a request path. */
function pbidOf(record: unknown): string | undefined {
  const pbid = typeof record === 'object' && record !== null ? (record as { pbid?: unknown }).pbid : undefined;
  return typeof pbid === 'number' || typeof pbid === 'string' ? String(pbid).trim() : undefined;
}

/**
 * Epoch ms from a number, a numeric string or "YYYY-MM-DD HH:MM:SS" (UTC); undefined otherwise. The
 * simulator keeps its own reader rather than domain/values.ts: it imports leaves only (STYLE.md §1),
 * so a reading bug in the product cannot agree with itself here.
 */
function timeOf(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value !== 'string') return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value);
  const ms = Date.parse(/^\d{4}-\d{2}-\d{2} /.test(value) ? `${value.replace(' ', 'T')}Z` : value);
  return Number.isFinite(ms) ? ms : undefined;
}

/**
 * starttime/endtime (ms, inclusive) on `creationTime` with creationtime=true, else on `time`, as
 * the appliance filters (§4.9). A record whose time cannot be read is always listed: a client must
 * meet it (to deliver what it can or quarantine it), and a window could never select it.
 */
function windowFilter(q: URLSearchParams): (record: unknown) => boolean {
  const start = q.get('starttime');
  const end = q.get('endtime');
  const key = q.get('creationtime') === 'true' ? 'creationTime' : 'time';
  return (record) => {
    const t = timeOf(typeof record === 'object' && record !== null ? (record as Record<string, unknown>)[key] : undefined);
    if (t === undefined) return true;
    return (start === null || t >= Number(start)) && (end === null || t <= Number(end));
  };
}

const BREACH_FOLDERS = ['modelbreach', 'modelbreaches'];

/**
 * GET/POST path -> corpus folder, for endpoints answered with one case's body; an optional text the
 * case's recorded request must contain (the ack folder also holds AI Analyst answers).
 */
const SINGLE: ReadonlyArray<readonly [method: string, pattern: RegExp, folder: string, request?: string]> = [
  ['GET', /^\/modelbreaches\/[^/]+\/comments$/, 'comments'],
  ['GET', /^\/mbcomments$/, 'comments'],
  ['POST', /^\/modelbreaches\/[^/]+\/(acknowledge|unacknowledge)$/, 'ack', '/modelbreaches/'],
  ['POST', /^\/modelbreaches\/[^/]+\/comments$/, 'post-comment'],
  ['GET', /^\/details$/, 'details'],
  ['GET', /^\/devices$/, 'devices'],
  ['GET', /^\/similardevices$/, 'similardevices'],
  ['GET', /^\/deviceinfo$/, 'deviceinfo'],
  ['GET', /^\/endpointdetails$/, 'endpointdetails'],
  ['GET', /^\/models$/, 'models'],
  ['GET', /^\/advancedsearch\/api\/search(\/.*)?$/, 'advancedsearch-search'],
  ['POST', /^\/advancedsearch\/api\/search$/, 'advancedsearch-search'],
  ['GET', /^\/advancedsearch\/api\/analyze\//, 'advancedsearch-analyze'],
  ['GET', /^\/aianalyst\/incidentevents$/, 'aianalyst-incidentevents'],
  ['GET', /^\/aianalyst\/groups$/, 'aianalyst-groups'],
  ['POST', /^\/aianalyst\/(acknowledge|unacknowledge|pin|unpin)$/, 'ack', '/aianalyst/'],
  ['GET', /^\/aianalyst\/incident\/comments$/, 'aianalyst-comments'],
  ['GET', /^\/aianalyst\/investigations$/, 'aianalyst-investigations'],
];

export class RealData {
  private selected: RealCase[];

  constructor(readonly cases: readonly RealCase[] = loadRealCases()) {
    this.selected = [...cases];
  }

  /** Serves only the named cases ('<endpoint>/<case>'); throws on a name the corpus lacks. */
  use(names: readonly string[]): void {
    const byName = new Map(this.cases.map((c) => [c.name, c]));
    this.serve(
      names.map((name) => {
        const c = byName.get(name);
        if (!c) throw new Error(`no real-data case ${name} in test_data/real`);
        return c;
      }),
    );
  }

  /** Serves exactly these cases, which need not be in the corpus (a test's edited copy of a recorded record). */
  serve(cases: readonly RealCase[]): void {
    this.selected = [...cases];
  }

  /** The readable creation times (ms) of the selected breach records: what a first fetch must reach back to. */
  breachCreationTimes(): number[] {
    return this.selected
      .filter((c) => BREACH_FOLDERS.includes(c.endpoint))
      .flatMap(breachRecords)
      .map((r) => timeOf(typeof r === 'object' && r !== null ? (r as Record<string, unknown>)['creationTime'] : undefined))
      .filter((t): t is number => t !== undefined);
  }

  /** The corpus answer to a request, or undefined to let the simulator's own routes answer. */
  answer(ctx: RouteContext): RouteResult | undefined {
    const breaches = this.selected.filter((c) => BREACH_FOLDERS.includes(c.endpoint));
    if (ctx.method === 'GET' && ctx.path === '/modelbreaches' && breaches.length > 0) {
      const pbid = ctx.query.get('pbid');
      const inWindow = windowFilter(ctx.query);
      const records = breaches.flatMap(breachRecords).filter((r) => (pbid === null || pbidOf(r) === pbid) && inWindow(r));
      return json(records);
    }
    const one = /^\/modelbreaches\/([^/]+)$/.exec(ctx.path);
    if (ctx.method === 'GET' && one && breaches.length > 0) {
      const record = breaches.flatMap(breachRecords).find((r) => pbidOf(r) === one[1]);
      if (record === undefined) return json(notFound(`Model breach ${one[1]} not found`).payload, 404);
      return json(record);
    }
    if (ctx.path === '/tags/entities' && ctx.method === 'GET') {
      // By did the appliance answers a list of tags, by tag an {entities, devices} object (§4.7).
      const key = ctx.query.has('did') ? 'did=' : 'tag=';
      const c = this.selected.find((s) => s.endpoint === 'tags-entities' && s.request.includes(key));
      return c ? json(c.body) : undefined;
    }
    for (const [method, pattern, folder, request] of SINGLE) {
      if (method !== ctx.method || !pattern.test(ctx.path)) continue;
      const c = this.selected.find((s) => s.endpoint === folder && (request === undefined || s.request.includes(request)));
      return c ? json(c.body) : undefined;
    }
    return undefined;
  }
}
