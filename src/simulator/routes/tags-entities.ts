// GET and POST /tags/entities (darktrace-api.md §4.7, §4.8).
// GET ?tag=X&fulldevicedetails=true -> {entities, devices}; ?tag=X alone -> the entities array;
// ?did=N -> the device's tags. POST form did=&tag=[&duration=s] -> {"tid": <tag id>}.
// A tag name that does not exist: the appliance's only documented tag refusal is "INPUT ERROR"
// (duplicate name on POST /tags, §2), so we answer 400 {"error":"INPUT ERROR","message":"Tag <name>
// does not exist"}; tags are not created on the fly. Tagging twice keeps one entity (idempotent).
import type { SimulatorDataset, Tag, TagEntity } from '../dataset.js';
import { boolParam, inputError, intParam, json, postParams, type Route } from './route-kit.js';

function liveEntities(state: SimulatorDataset, nowMs: number): TagEntity[] {
  return state.tagEntities.filter((e) => e.valid && (e.expiry === 0 || e.expiry > nowMs));
}

function tagsOfDevice(state: SimulatorDataset, did: number, nowMs: number): Tag[] {
  const tids = new Set(
    liveEntities(state, nowMs)
      .filter((e) => e.entityValue === String(did))
      .map((e) => e.tid),
  );
  return state.tags.filter((t) => tids.has(t.tid));
}

function findTag(state: SimulatorDataset, name: string): Tag | undefined {
  return state.tags.find((t) => t.name.toLowerCase() === name.toLowerCase());
}

export const tagsEntitiesRoutes: Route[] = [
  {
    method: 'GET',
    pattern: /^\/tags\/entities$/,
    handler: (ctx) => {
      const { state, nowMs } = ctx;
      const did = intParam(ctx.query, 'did');
      if (did !== undefined) return json(tagsOfDevice(state, did, nowMs));
      const name = ctx.query.get('tag');
      if (!name) throw inputError('tag or did is required');
      const tag = findTag(state, name);
      const entities = tag ? liveEntities(state, nowMs).filter((e) => e.tid === tag.tid) : [];
      if (!boolParam(ctx.query, 'fulldevicedetails', false)) return json(entities);
      const dids = new Set(entities.map((e) => Number(e.entityValue)));
      const devices = state.devices.filter((d) => dids.has(d.did)).map((d) => ({ ...d, tags: tagsOfDevice(state, d.did, nowMs) }));
      return json({ entities, devices });
    },
  },
  {
    method: 'POST',
    pattern: /^\/tags\/entities$/,
    handler: (ctx) => {
      const { state, nowMs } = ctx;
      const p = postParams(ctx);
      const did = intParam(p, 'did');
      const name = p.get('tag');
      if (did === undefined || !name) throw inputError('did and tag are required');
      const tag = findTag(state, name);
      if (!tag) throw inputError(`Tag ${name} does not exist`);
      if (!state.devices.some((d) => d.did === did)) throw inputError(`Device ${did} does not exist`);
      const durationS = intParam(p, 'duration');
      const expiry = durationS === undefined || durationS <= 0 ? 0 : nowMs + durationS * 1000;
      const existing = liveEntities(state, nowMs).find((e) => e.tid === tag.tid && e.entityValue === String(did));
      if (existing) {
        existing.expiry = expiry;
      } else {
        const teid = Math.max(0, ...state.tagEntities.map((e) => e.teid)) + 1;
        state.tagEntities.push({ teid, tehid: teid, tid: tag.tid, thid: 0, entityType: 'Device', entityValue: String(did), valid: true, expiry });
        tag.isReferenced = true;
      }
      return json({ tid: tag.tid });
    },
  },
];
