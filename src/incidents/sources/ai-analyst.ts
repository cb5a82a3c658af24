// The AI Analyst stream (reference/darktrace-next.md §A.3, A.7, A.8): one incident per Cyber AI
// Analyst incident event, exactly once, keyed on the event id (stable across merges, where the
// incident id `currentGroup` is not, §A.1) with createdAt (epoch ms) as the stream time. Records come
// from /aianalyst/incidentevents with includeallpinned=false always (pinned events otherwise come
// back on every poll, whatever the window), the incident score as mingroupscore and the categories as
// the group* flags this endpoint reads (the plain names are silently ignored here, §A.3).
//
// The reference's checkpoint {hwm, seen} is the engine's Position under this stream's own names:
// hwmMs is the newest createdAt passed, `seen` the event ids passed within the lookback before it
// (every tie at hwmMs included), pruned by that same horizon so it stays bounded. Every query reaches
// the lookback behind hwmMs (the engine's overlap), so an event the appliance shows late, or one whose
// incident score only later reached ai_analyst_min_score, is still delivered, once. The endpoint has
// no paging (§A.3), so no query asks for more than a day (maxSliceMs), and the lookback never reaches
// behind first_fetch (floorMs).
import { z } from 'zod';
import { toIso, type Clock } from '../../clock.js';
import type { DarktraceClient, AiaCategory } from '../../client/darktrace-client.js';
import {
  aiaCategory,
  aiaEventLink,
  aiaEventScore,
  aiaGroupScore,
  aiaRelatedPbids,
  aiaSeverity,
  aiaSubjectLabel,
  renderAiaSummary,
} from '../../domain/ai-analyst.js';
import { ConfigError } from '../../errors.js';
import { isPlainObject, readBoolean, readText, readTimeMs } from '../../appliance-values.js';
import { parseRelativeTime } from '../../relative-time.js';
import type { IncidentSource, Position, RecordRef, Unusable } from '../source.js';

/** The client method this stream calls. */
export type AiaEventSource = Pick<DarktraceClient, 'aiaEvents'>;

const DAY_MS = 86_400_000;
/** The lookback's bounds: under a minute re-reads nothing useful; over a week is past the appliance's own default window (§A.3). */
const MIN_LOOKBACK_MS = 60_000;
const MAX_LOOKBACK_MS = 7 * DAY_MS;
/** Event ids are UUIDs (§A.1); anything longer is not an id the checkpoint should hold. */
const MAX_ID_LENGTH = 200;
const CATEGORIES: readonly AiaCategory[] = ['critical', 'suspicious', 'compliance'];

/** The instance's AI Analyst settings, read once from the parameters (their defaults are in integration.yml). */
export interface AiaSettings {
  /** Incident score 0-100, sent as mingroupscore. */
  readonly minScore: number;
  /** Empty: every category. */
  readonly categories: readonly AiaCategory[];
  readonly includeAcknowledged: boolean;
  readonly lookbackMs: number;
  /** The incidents' `type`. */
  readonly incidentType: string;
  /** The appliance's base URL, for the event's link. */
  readonly url: string;
}

/** Comma- or space-separated categories, any case; [] for none (every category). Throws ConfigError naming the parameter. */
function readCategories(raw: unknown): AiaCategory[] {
  const words = (Array.isArray(raw) ? raw.map(String) : String(raw ?? '').split(/[\s,]+/)).map((w) => w.trim().toLowerCase()).filter(Boolean);
  const bad = words.filter((w) => !CATEGORIES.includes(w as AiaCategory));
  if (bad.length > 0) {
    throw new ConfigError([
      {
        parameter: 'ai_analyst_categories',
        message: `expected a comma-separated list of ${CATEGORIES.join(', ')} (empty for all), got ${JSON.stringify(bad[0])}`,
      },
    ]);
  }
  return [...new Set(words as AiaCategory[])];
}

/** "24 hours" -> ms; refuses an ISO date (a lookback is a duration) and values outside [1 minute, 7 days]. */
function readLookbackMs(raw: unknown, clock: Clock): number {
  const text = String(raw ?? '').trim();
  const form = '"N minutes|hours|days" from 1 minute to 7 days, e.g. "24 hours"';
  const at = /^\d/.test(text) && !/^\d{4}-\d{2}/.test(text) ? parseRelativeTime(text, clock) : undefined;
  const ms = at === undefined ? undefined : clock.now() - at;
  if (ms === undefined || ms < MIN_LOOKBACK_MS || ms > MAX_LOOKBACK_MS) {
    throw new ConfigError([{ parameter: 'ai_analyst_lookback', message: `expected ${form}, got ${JSON.stringify(text)}` }]);
  }
  return ms;
}

/** The parameters the AI Analyst stream reads: typed Params, or a partial set built by hand (tests). */
type AiaParams = {
  readonly [
    K in 'ai_analyst_min_score' | 'ai_analyst_categories' | 'ai_analyst_include_acknowledged' | 'ai_analyst_lookback' | 'ai_analyst_incident_type' | 'url'
  ]?: unknown;
};

/** The AI Analyst settings of an instance's parameters (coerced by the manifest). */
export function aiaSettings(params: AiaParams, clock: Clock): AiaSettings {
  const minScore = Number(params['ai_analyst_min_score'] ?? 0);
  return {
    minScore: Number.isFinite(minScore) ? minScore : 0,
    categories: readCategories(params['ai_analyst_categories']),
    includeAcknowledged: params['ai_analyst_include_acknowledged'] === true,
    lookbackMs: readLookbackMs(params['ai_analyst_lookback'], clock),
    incidentType: readText(params['ai_analyst_incident_type']) ?? 'Darktrace AI Analyst Incident Event',
    url: String(params['url'] ?? ''),
  };
}

/** The event id (a non-empty string) and createdAt (epoch ms) of a record, or what makes it unusable. */
export function readEventRef(record: unknown): RecordRef | Unusable {
  if (!isPlainObject(record))
    return { reason: `the record is ${record === null ? 'null' : Array.isArray(record) ? 'a list' : `a ${typeof record}`}, not an object`, field: '(record)' };
  const id = record['id'];
  if (typeof id !== 'string' || id.trim() === '' || id.length > MAX_ID_LENGTH) {
    return { reason: id === undefined ? 'id is missing' : `id is ${describe(id)}, expected an event id`, field: 'id' };
  }
  const createdAt = readTimeMs(record['createdAt']);
  if (createdAt === undefined) {
    return {
      reason: record['createdAt'] === undefined ? 'createdAt is missing' : `createdAt is ${describe(record['createdAt'])}, expected epoch milliseconds`,
      field: 'createdAt',
    };
  }
  return { key: id, timeMs: createdAt };
}

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.slice(0, 40));
  if (typeof value === 'number') return String(value);
  return value === null ? 'null' : `a ${Array.isArray(value) ? 'list' : typeof value}`;
}

// A time a Date can hold (ECMA-262 §21.4.1.1).
const epochMs = z.number().int().nonnegative().max(8.64e15);

const SectionSchema = z.strictObject({
  /** createdAt (epoch ms) of the newest event passed, or the first_fetch instant before any was. */
  hwmMs: epochMs,
  /** Event id -> createdAt of every event passed within the lookback before hwmMs (ties at hwmMs included). */
  seen: z.record(z.string().min(1).max(MAX_ID_LENGTH), epochMs),
  /** The first_fetch instant: no query reaches behind it. */
  floorMs: epochMs.optional(),
  /** The first_fetch setting this section started from (position.ts noticeFirstFetchChange). */
  firstFetch: z.string().max(200).optional(),
});
/** The AI Analyst section of the checkpoint. */
export type AiAnalystSection = z.infer<typeof SectionSchema>;

/** The AI Analyst source of an instance with these settings. */
export function aiAnalystSource(settings: AiaSettings): IncidentSource<AiaEventSource, AiAnalystSection> {
  /** The rule (parameter) that leaves the event out, or false: counted per rule in the cycle's stats. */
  const filteredOut = (record: unknown): false | string => {
    // The appliance applies these (§A.3); a record it returned anyway is decided once, here.
    if (!isPlainObject(record)) return false;
    if (!settings.includeAcknowledged && readBoolean(record['acknowledged']) === true) return 'ai_analyst_include_acknowledged';
    const category = aiaCategory(record)?.toLowerCase();
    if (settings.categories.length > 0 && category !== undefined && !settings.categories.includes(category as AiaCategory)) return 'ai_analyst_categories';
    const score = aiaGroupScore(record);
    return score !== undefined && score < settings.minScore ? 'ai_analyst_min_score' : false;
  };
  return {
    name: 'ai-analyst',
    label: { one: 'AI Analyst event', many: 'AI Analyst events' },
    timeField: 'createdAt',
    overlapMs: settings.lookbackMs,
    maxSliceMs: DAY_MS,
    readSection(data): Position {
      const s = SectionSchema.parse(data);
      return {
        timeMs: s.hwmMs,
        recent: Object.entries(s.seen).map(([key, timeMs]) => ({ key, timeMs })),
        ...(s.firstFetch === undefined ? {} : { firstFetch: s.firstFetch }),
        ...(s.floorMs === undefined ? {} : { floorMs: s.floorMs }),
      };
    },
    writeSection(p) {
      // Sorted by (createdAt, id) so that the stored file reads in stream order.
      const seen = [...p.recent].sort((a, b) => a.timeMs - b.timeMs || (String(a.key) < String(b.key) ? -1 : 1));
      return SectionSchema.parse({
        hwmMs: p.timeMs,
        seen: Object.fromEntries(seen.map((r) => [String(r.key), r.timeMs])),
        ...(p.floorMs === undefined ? {} : { floorMs: p.floorMs }),
        ...(p.firstFetch === undefined ? {} : { firstFetch: p.firstFetch }),
      });
    },
    async query(client, window) {
      const answer = await client.aiaEvents({
        startTime: window.startTime,
        endTime: window.endTime,
        minGroupScore: settings.minScore,
        categories: settings.categories,
        includeAcknowledged: settings.includeAcknowledged,
        includeAllPinned: false,
        includeUrl: true,
      });
      // Every element as received: the engine quarantines what readRef cannot read.
      return answer.received;
    },
    readRef: readEventRef,
    describeRecord(record) {
      const id = isPlainObject(record) ? record['id'] : undefined;
      return typeof id === 'string' && id.length <= MAX_ID_LENGTH ? { id } : {};
    },
    filteredOut: (record) => filteredOut(record),
    toIncident(record, ref) {
      const event = isPlainObject(record) ? record : {};
      const id = String(ref.key);
      const score = aiaEventScore(event) ?? aiaGroupScore(event);
      const title = readText(event['title']) ?? 'AI Analyst incident event';
      const pbids = aiaRelatedPbids(event);
      // The event as received, plus what a mapper cannot compute: the summary as text (a template
      // summary's actor, host and IP substituted, §A.4), the incident id now, the link and the pbids.
      const rawJSON = JSON.stringify({
        ...event,
        summaryText: renderAiaSummary(event['summary']),
        groupId: readText(event['currentGroup']) ?? null,
        link: settings.url ? aiaEventLink(settings.url, id) : null,
        relatedPbids: pbids,
      });
      return {
        name: `Darktrace AI Analyst: ${title} on ${aiaSubjectLabel(event)}${score === undefined ? '' : ` (score ${Math.round(score)})`}`,
        occurred: toIso(ref.timeMs),
        severity: aiaSeverity(event),
        dbotMirrorId: id,
        rawJSON,
        type: settings.incidentType,
        ...(pbids.length > 0 ? { labels: pbids.map((pbid) => ({ type: 'Darktrace model breach', value: String(pbid) })) } : {}),
      };
    },
  };
}
