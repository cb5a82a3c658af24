// The simulator's AI Analyst data (reference/darktrace-next.md §A): incident events as the appliance
// stores them, their comments and investigations, a generated history of hundreds of events over
// days, and the hooks tests use to change it between fetch cycles (late events, merges). Incidents
// ("groups") are not stored: an event's `currentGroup` says where it belongs, and the group answer,
// its score and category are computed from its events on every request, so a merge can never leave
// the two views disagreeing.
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { packagePath } from '../paths.js';
import { mulberry32 } from './prng.js';

const DeviceRefSchema = z.looseObject({
  did: z.number().int().nullable().optional(),
  hostname: z.string().nullable().optional(),
  sid: z.number().nullable().optional(),
});

/** One incident event. Only what the routes compute with is pinned; the rest is served as stored. */
const AiaEventSchema = z.looseObject({
  id: z.string(),
  createdAt: z.number(),
  title: z.string(),
  category: z.enum(['critical', 'suspicious', 'compliance']),
  /** A number, or a numeric string as some records carry (§A.4). */
  aiaScore: z.union([z.number(), z.string()]),
  currentGroup: z.string(),
  groupPreviousGroups: z.array(z.string()).nullable(),
  acknowledged: z.boolean(),
  pinned: z.boolean(),
  breachDevices: z.array(DeviceRefSchema),
  periods: z.array(z.looseObject({ start: z.number(), end: z.number() })),
  sender: z.string().optional(),
});
export type AiaEvent = z.infer<typeof AiaEventSchema>;

const AiaCommentSchema = z.looseObject({ username: z.string(), time: z.number(), incident_id: z.string(), message: z.string() });

/** `time` and `investigationTime` in epoch SECONDS, as the guide's example (§A.1). */
const AiaInvestigationSchema = z.looseObject({
  investigationId: z.string(),
  time: z.number(),
  investigationTime: z.number(),
  did: z.number().int(),
  status: z.string(),
});

export const AiaStateSchema = z.object({
  events: z.array(AiaEventSchema),
  comments: z.array(AiaCommentSchema),
  investigations: z.array(AiaInvestigationSchema),
  /** Groups whose groupScore is served as a string ("72.9174234", Elastic's test input). */
  stringScoreGroups: z.array(z.string()),
  /**
   * The behaviour TV 7.0.42 showed (SDKDOC "Observed behaviour"): POST /aianalyst/incident/comments
   * answers SUCCESS and stores nothing. Comments on unknown events are never stored either way.
   */
  dropPostedComments: z.boolean(),
  /** How many GETs of a new investigation answer `processing` before it is `finished`. */
  investigationPolls: z.number().int().min(0),
  /** investigationId -> GETs still to answer `processing`. */
  pendingInvestigations: z.record(z.string(), z.number().int()),
});
export type AiaState = z.infer<typeof AiaStateSchema>;

/** Category rank, for a group's category: its most severe event's. */
const CATEGORY_RANK = { compliance: 1, suspicious: 2, critical: 3 } as const;

function scoreOf(event: AiaEvent): number {
  const n = Number(event.aiaScore);
  return Number.isFinite(n) ? n : 0;
}

export interface AiaGroupView {
  id: string;
  events: AiaEvent[];
  category: AiaEvent['category'];
  /** 0-100; grows as events join (§A.1: "can increase over time"). */
  score: number;
  acknowledged: boolean;
  pinned: boolean;
  start: number;
  end: number;
  previousIds: string[];
}

/** The incidents as the appliance would group them now, by `currentGroup`, in first-seen order. */
export function aiaGroups(state: AiaState): AiaGroupView[] {
  const byId = new Map<string, AiaEvent[]>();
  for (const e of state.events) byId.set(e.currentGroup, [...(byId.get(e.currentGroup) ?? []), e]);
  return [...byId].map(([id, events]) => {
    const category = events.reduce((best, e) => (CATEGORY_RANK[e.category] > CATEGORY_RANK[best] ? e.category : best), events[0]!.category);
    // Probabilistic union of the event scores: any event joining raises it, none lowers it.
    const score = 100 * (1 - events.reduce((p, e) => p * (1 - Math.min(99, scoreOf(e)) / 100 / 2), 1));
    const starts = events.flatMap((e) => e.periods.map((p) => p.start));
    const ends = events.flatMap((e) => e.periods.map((p) => p.end));
    return {
      id,
      events,
      category,
      score,
      acknowledged: events.every((e) => e.acknowledged),
      pinned: events.some((e) => e.pinned),
      start: Math.min(...starts, ...events.map((e) => e.createdAt)),
      end: Math.max(...ends, ...events.map((e) => e.createdAt)),
      previousIds: [...new Set(events.flatMap((e) => e.groupPreviousGroups ?? []))],
    };
  });
}

/**
 * Test hook: an event appears (late, or inside a lookback window already fetched). Fields not given
 * get plausible values; `id` and `createdAt` are required so that a test knows what it added.
 */
export function addAiaEvent(state: AiaState, event: Partial<AiaEvent> & { id: string; createdAt: number }): AiaEvent {
  const full = AiaEventSchema.parse({
    title: 'Unusual Activity',
    category: 'suspicious',
    aiaScore: 50,
    currentGroup: `g${event.id}`,
    groupPreviousGroups: [],
    acknowledged: false,
    pinned: false,
    breachDevices: [{ identifier: 'laptop-5.corp.example', hostname: 'laptop-5.corp.example', ip: '10.0.0.5', mac: null, subnet: null, did: 1428, sid: 133 }],
    periods: [{ start: event.createdAt - 60_000, end: event.createdAt }],
    children: [event.id],
    summary: 'The device laptop-5.corp.example was observed doing something unusual.',
    relatedBreaches: [],
    details: [],
    ...event,
  });
  state.events.push(full);
  return full;
}

/**
 * Test hook: Cyber AI Analyst merges incident `fromGroup` into `intoGroup`. Every event of both keeps
 * its id; the merged events' `currentGroup` becomes `intoGroup`, and both sets list `fromGroup` in
 * `groupPreviousGroups` (§A.1 Merges). Returns the events moved.
 */
export function mergeAiaGroups(state: AiaState, fromGroup: string, intoGroup: string): AiaEvent[] {
  const moved = state.events.filter((e) => e.currentGroup === fromGroup);
  if (moved.length === 0) throw new Error(`mergeAiaGroups: no event is in group ${fromGroup}`);
  for (const e of state.events) {
    if (e.currentGroup !== fromGroup && e.currentGroup !== intoGroup) continue;
    e.currentGroup = intoGroup;
    e.groupPreviousGroups = [...new Set([...(e.groupPreviousGroups ?? []), fromGroup])];
  }
  return moved;
}

const TEMPLATES = [
  { title: 'Unusual Internal Upload', summariser: 'UploadSummary', category: 'suspicious', tactic: 'collection' },
  { title: 'Extensive Unusual SSH Connections', summariser: 'AdminConnSummary', category: 'critical', tactic: 'lateral-movement' },
  { title: 'Possible HTTP Command and Control', summariser: 'BeaconSummary', category: 'critical', tactic: 'command-and-control' },
  { title: 'Port Scanning', summariser: 'ScanSummary', category: 'compliance', tactic: 'discovery' },
  { title: 'Suspicious Remote WMI Activity', summariser: 'WmiSummary', category: 'suspicious', tactic: 'execution' },
  { title: 'Possible Hijack of Office365 Account', summariser: 'SaasHijackSummary', category: 'critical', tactic: 'privilege-escalation' },
] as const;

export interface GenerateAiaOptions {
  count: number;
  /** createdAt range, epoch ms, inclusive. */
  startMs: number;
  endMs: number;
  seed?: number;
  /** Share (0-1) of events sharing the previous event's createdAt millisecond; default 0.1. */
  tieFraction?: number;
  devices: ReadonlyArray<{ did: number; hostname?: string | undefined; ip?: string | undefined; sid?: number | undefined }>;
}

function hex(rand: () => number, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += Math.floor(rand() * 16).toString(16);
  return s;
}

/**
 * A deterministic history: events spread over [startMs, endMs], a share tied at one millisecond,
 * groups of one to several events, a few merges, acknowledged older events, pinned old ones, string
 * scores, template summaries and the block form of details on some (the shape variants of §A.4).
 */
export function generateAiaHistory(o: GenerateAiaOptions): { events: AiaEvent[]; stringScoreGroups: string[] } {
  const rand = mulberry32(o.seed ?? 11);
  const tieFraction = o.tieFraction ?? 0.1;
  const times = Array.from({ length: o.count }, () => Math.floor(o.startMs + rand() * (o.endMs - o.startMs))).sort((a, b) => a - b);
  for (let i = 1; i < times.length; i++) if (rand() < tieFraction) times[i] = times[i - 1]!;
  const events: AiaEvent[] = [];
  const openGroups: string[] = [];
  const stringScoreGroups: string[] = [];
  times.forEach((createdAt, i) => {
    const id = `${hex(rand, 8)}-${hex(rand, 4)}-4${hex(rand, 3)}-a${hex(rand, 3)}-${hex(rand, 12)}`;
    const t = TEMPLATES[Math.floor(rand() * TEMPLATES.length)]!;
    const device = o.devices[Math.floor(rand() * o.devices.length)]!;
    const join = openGroups.length > 0 && rand() < 0.55;
    const group = join ? openGroups[Math.floor(rand() * openGroups.length)]! : `g${id}`;
    if (!join) {
      openGroups.push(group);
      if (openGroups.length > 6) openGroups.shift();
      if (rand() < 0.1) stringScoreGroups.push(group);
    }
    const email = rand() < 0.03;
    const label = device.hostname || device.ip || `device ${device.did}`;
    const score = Math.round(20 + rand() * 79);
    const old = createdAt < o.endMs - 2 * 86_400_000;
    events.push(
      AiaEventSchema.parse({
        summariser: t.summariser,
        acknowledged: old && rand() < 0.3,
        pinned: old && rand() < 0.02,
        createdAt,
        attackPhases: [1 + Math.floor(rand() * 6)],
        mitreTactics: [t.tactic],
        title: t.title,
        id,
        children: [id],
        category: t.category,
        currentGroup: group,
        groupPreviousGroups: rand() < 0.05 ? null : [],
        activityId: hex(rand, 8),
        groupingIds: [hex(rand, 8)],
        groupByActivity: false,
        userTriggered: false,
        externalTriggered: false,
        aiaScore: rand() < 0.05 ? String(score) : score,
        summary:
          i % 5 === 0
            ? {
                valueType: 'formatString',
                value: 'The device {} was observed: {}.',
                replacements: [
                  { valueType: 'device', value: { hostname: label, did: device.did } },
                  { valueType: 'string', value: t.title.toLowerCase() },
                ],
              }
            : `The device ${label} was observed: ${t.title.toLowerCase()}.\n\nIf this activity was not expected, investigate further.`,
        periods: [{ start: createdAt - Math.floor(rand() * 3_600_000), end: createdAt - Math.floor(rand() * 60_000) }],
        breachDevices: email
          ? []
          : [
              {
                identifier: label,
                hostname: device.hostname ?? null,
                ip: device.ip || null,
                mac: null,
                subnet: null,
                did: device.did,
                sid: device.sid ?? null,
              },
            ],
        ...(email ? { sender: `sender${i}@mail.example.net` } : {}),
        relatedBreaches: [{ modelName: t.title, pbid: 200_000 + i, threatScore: score, timestamp: createdAt - 60_000 }],
        details:
          i % 4 === 0
            ? [
                {
                  blockType: 'single',
                  blocks: [{ blockHeader: t.title, bulletBlocks: [[{ detailKey: 'Device', valueType: 'string', detailValues: [label] }]] }],
                },
              ]
            : [[{ header: t.title, contents: [{ key: 'Device', type: 'string', values: [label] }] }]],
      }),
    );
  });
  // A few merges: the later of two groups is folded into the earlier one (§A.1).
  const starters = [...new Set(events.map((e) => e.currentGroup))];
  for (let k = 0; k + 1 < starters.length && k < 10; k += 2) {
    const state = { events } as AiaState;
    mergeAiaGroups(state, starters[k + 1]!, starters[k]!);
  }
  return { events, stringScoreGroups };
}

const ANCHORS = z.object({
  events: z.array(AiaEventSchema),
  comments: z.array(AiaCommentSchema),
  investigations: z.array(AiaInvestigationSchema),
  stringScoreGroups: z.array(z.string()),
});

/**
 * The shipped AI Analyst data: the hand-made anchors of test_data/api/aianalyst/anchors.json (the
 * golden cases and README examples use them) plus a generated history of `count` events over the
 * `days` before `endMs`.
 */
export function loadAiaState(o: { endMs: number; days: number; count: number; devices: GenerateAiaOptions['devices'] }): AiaState {
  const anchors = ANCHORS.parse(JSON.parse(readFileSync(packagePath('test_data', 'api', 'aianalyst', 'anchors.json'), 'utf8')));
  // The history ends six hours before the base time so that golden windows around the anchors stay small.
  const history = generateAiaHistory({ count: o.count, startMs: o.endMs - o.days * 86_400_000, endMs: o.endMs - 6 * 3_600_000, devices: o.devices });
  return {
    events: [...history.events, ...anchors.events],
    comments: anchors.comments,
    investigations: anchors.investigations,
    stringScoreGroups: [...history.stringScoreGroups, ...anchors.stringScoreGroups],
    dropPostedComments: false,
    investigationPolls: 1,
    pendingInvestigations: {},
  };
}
