// GET /aianalyst/incidentevents and GET /aianalyst/groups (reference/darktrace-next.md §A.2 A1/A2,
// query parameters §A.3). The two endpoints filter differently, as the guide says: the category
// filters are group*=true on events and plain critical=true on groups, and a name the endpoint does
// not know is silently ignored (MCPDIFF); `uuid` beats `groupid` on events and the reverse on
// groups; pinned items come back whatever the window unless includeallpinned=false; acknowledged
// ones are hidden unless includeacknowledged=true. The window is on createdAt (which timestamp the
// appliance uses is undocumented, §G.1). Lists are shuffled: the appliance promises no order.
import { aiaGroups, type AiaEvent, type AiaGroupView, type AiaState } from '../aianalyst-data.js';
import { shuffled } from '../prng.js';
import { boolParam, floatParam, inputError, json, type Route, type RouteContext } from './route-kit.js';

const WEEK_MS = 7 * 86_400_000;

/** The locales of §A.3; another value is refused. */
const LOCALES = new Set(['de_DE', 'en_GB', 'en_US', 'es_ES', 'es_419', 'fr_FR', 'it_IT', 'ja_JP', 'ko_KR', 'pt_BR', 'zh_Hans', 'zh_Hant']);

/** A comma list parameter (IBM sends groupid and excludedid lists), or undefined. */
function listParam(q: URLSearchParams, name: string): string[] | undefined {
  const raw = q.get(name);
  if (raw === null || raw.trim() === '') return undefined;
  return raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

function intListParam(q: URLSearchParams, name: string): number[] | undefined {
  const list = listParam(q, name);
  if (!list) return undefined;
  return list.map((s) => {
    if (!/^-?\d+$/.test(s)) throw inputError(`${name} must be an integer, got ${s}`);
    return Number(s);
  });
}

/** starttime/endtime ms with the guide's defaults: one end given -> the other a week away / now; none -> the last week. */
function window(ctx: RouteContext): { start: number; end: number } {
  const start = floatParam(ctx.query, 'starttime');
  const end = floatParam(ctx.query, 'endtime');
  const e = end ?? ctx.nowMs;
  return { start: start ?? e - WEEK_MS, end: e };
}

function checkLocale(q: URLSearchParams): void {
  const locale = q.get('locale');
  if (locale !== null && locale !== '' && !LOCALES.has(locale)) throw inputError(`locale ${locale} is not supported`);
}

/** The categories asked for under `names` (e.g. groupcritical); undefined when none is. */
function categories(q: URLSearchParams, prefix: '' | 'group'): Set<string> | undefined {
  const wanted = ['critical', 'suspicious', 'compliance'].filter((c) => boolParam(q, `${prefix}${c}`, false));
  return wanted.length > 0 ? new Set(wanted) : undefined;
}

function groupScoreValue(state: AiaState, group: AiaGroupView): number | string {
  return state.stringScoreGroups.includes(group.id) ? group.score.toFixed(7) : group.score;
}

function deviceIds(e: AiaEvent): number[] {
  return e.breachDevices.map((d) => d.did).filter((d): d is number => typeof d === 'number');
}

function presentEvent(ctx: RouteContext, e: AiaEvent, group: AiaGroupView): Record<string, unknown> {
  const out: Record<string, unknown> = { ...structuredClone(e), groupCategory: group.category, groupScore: groupScoreValue(ctx.state.aianalyst, group) };
  if (boolParam(ctx.query, 'includeincidenteventurl', false)) out['incidentEventUrl'] = `${ctx.baseUrl}/#aiaincidentevent/${e.id}`;
  return out;
}

function presentGroup(ctx: RouteContext, g: AiaGroupView): Record<string, unknown> {
  const devices = [...new Set(g.events.flatMap(deviceIds))];
  const out: Record<string, unknown> = {
    id: g.id,
    active: g.end > ctx.nowMs - 86_400_000,
    acknowledged: g.acknowledged,
    pinned: g.pinned,
    userTriggered: false,
    externalTriggered: false,
    previousIds: g.previousIds,
    incidentEvents: g.events.map((e) => ({
      uuid: e.id,
      start: e.periods[0]?.start ?? e.createdAt,
      title: e.title,
      ...(e.sender !== undefined ? { sender: e.sender } : { triggerDid: deviceIds(e)[0] ?? null }),
      visible: true,
      acknowledged: e.acknowledged,
    })),
    mitreTactics: [...new Set(g.events.flatMap((e) => (Array.isArray(e['mitreTactics']) ? (e['mitreTactics'] as string[]) : [])))],
    devices: [...devices].sort((a, b) => a - b),
    initialDevices: devices,
    category: g.category,
    groupScore: groupScoreValue(ctx.state.aianalyst, g),
    start: g.start,
    end: g.end,
    edges: [],
  };
  if (boolParam(ctx.query, 'includegroupurl', false)) out['groupUrl'] = `${ctx.baseUrl}/#aiagroup/${g.id}`;
  return out;
}

/** Filters both endpoints share: acknowledged, device and SaaS filters on one event. */
function eventPasses(q: URLSearchParams, e: AiaEvent): boolean {
  const did = intListParam(q, 'did');
  const excluded = intListParam(q, 'excludedid');
  const ids = deviceIds(e);
  if (did && !ids.some((d) => did.includes(d))) return false;
  if (excluded && ids.some((d) => excluded.includes(d))) return false;
  if (boolParam(q, 'saasonly', false) && !e.breachDevices.some((d) => d.sid === -9)) return false;
  return true;
}

function listEvents(ctx: RouteContext): unknown[] {
  const q = ctx.query;
  checkLocale(q);
  const state = ctx.state.aianalyst;
  const groups = new Map(aiaGroups(state).map((g) => [g.id, g]));
  const groupOf = (e: AiaEvent) => groups.get(e.currentGroup)!;
  const uuids = listParam(q, 'uuid');
  const groupIds = listParam(q, 'groupid');
  let rows: AiaEvent[];
  if (uuids) {
    // uuid beats groupid beats all (§A.3): the named events, whatever their state.
    rows = state.events.filter((e) => uuids.includes(e.id));
  } else if (groupIds) {
    rows = state.events.filter((e) => groupIds.includes(e.currentGroup));
  } else {
    const { start, end } = window(ctx);
    const allPinned = boolParam(q, 'includeallpinned', true);
    const onlyPinned = boolParam(q, 'includeonlypinned', false);
    const includeAck = boolParam(q, 'includeacknowledged', false);
    const cats = categories(q, 'group');
    const minScore = floatParam(q, 'minscore');
    const maxScore = floatParam(q, 'maxscore');
    const minGroup = floatParam(q, 'mingroupscore');
    const maxGroup = floatParam(q, 'maxgroupscore');
    rows = state.events.filter((e) => {
      const g = groupOf(e);
      const inWindow = e.createdAt >= start && e.createdAt <= end;
      if (onlyPinned ? !e.pinned : !(inWindow || (allPinned && e.pinned))) return false;
      if (!includeAck && e.acknowledged) return false;
      if (cats && !cats.has(g.category)) return false;
      const score = Number(e.aiaScore);
      if (minScore !== undefined && score < minScore) return false;
      if (maxScore !== undefined && score > maxScore) return false;
      if (minGroup !== undefined && g.score < minGroup) return false;
      if (maxGroup !== undefined && g.score > maxGroup) return false;
      return eventPasses(q, e);
    });
  }
  return shuffled(rows, ctx.shuffleSeed).map((e) => presentEvent(ctx, e, groupOf(e)));
}

function listGroups(ctx: RouteContext): unknown[] {
  const q = ctx.query;
  checkLocale(q);
  const all = aiaGroups(ctx.state.aianalyst);
  const groupIds = listParam(q, 'groupid');
  const uuids = listParam(q, 'uuid');
  let rows: AiaGroupView[];
  if (groupIds) {
    // groupid beats uuid beats all on this endpoint (§A.3).
    rows = all.filter((g) => groupIds.includes(g.id));
  } else if (uuids) {
    rows = all.filter((g) => g.events.some((e) => uuids.includes(e.id)));
  } else {
    const { start, end } = window(ctx);
    const allPinned = boolParam(q, 'includeallpinned', true);
    const onlyPinned = boolParam(q, 'includeonlypinned', false);
    const includeAck = boolParam(q, 'includeacknowledged', false);
    // Plain names here; groupcritical & co. are silently ignored, as the appliance does (MCPDIFF).
    const cats = categories(q, '');
    const minScore = floatParam(q, 'minscore');
    const maxScore = floatParam(q, 'maxscore');
    rows = all.filter((g) => {
      const inWindow = g.events.some((e) => e.createdAt >= start && e.createdAt <= end);
      if (onlyPinned ? !g.pinned : !(inWindow || (allPinned && g.pinned))) return false;
      if (!includeAck && g.acknowledged) return false;
      if (cats && !cats.has(g.category)) return false;
      if (minScore !== undefined && g.score < minScore) return false;
      if (maxScore !== undefined && g.score > maxScore) return false;
      const did = intListParam(q, 'did');
      if (did && !g.events.some((e) => eventPasses(q, e))) return false;
      if (intListParam(q, 'excludedid') && !g.events.every((e) => eventPasses(q, e))) return false;
      return !boolParam(q, 'saasonly', false) || g.events.some((e) => eventPasses(q, e));
    });
  }
  return shuffled(rows, ctx.shuffleSeed).map((g) => presentGroup(ctx, g));
}

export const aianalystRoutes: Route[] = [
  { method: 'GET', pattern: /^\/aianalyst\/incidentevents$/, handler: (ctx) => json(listEvents(ctx)) },
  { method: 'GET', pattern: /^\/aianalyst\/groups$/, handler: (ctx) => json(listGroups(ctx)) },
];
