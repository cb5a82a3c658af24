// Two-way mirroring of model breaches through the library, against the simulator over real
// sockets (the appliance side is the simulator's live state; the SOAR side is what a platform does
// with our answers). Acceptance of issue "two-way mirroring": acknowledge -> close entry, close ->
// acknowledged, comments both ways exactly once without echo.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Integration } from '../../src/api/integration.js';
import type { MirrorStateHolder } from '../../src/api/mirroring.js';
import { fixedClock, type ManualClock } from '../../src/clock.js';
import { startSimulator, type RunningSimulator } from '../../src/simulator/server.js';
import { CLOSED_IN_DARKTRACE, openMirrorInstance } from '../helpers/mirror-instance.js';

const MIRROR_PARAMS = {
  isFetch: true,
  first_fetch: '1 day',
  mirror_direction: 'Incoming And Outgoing',
  close_incident: true,
  close_out: true,
  mirror_instance: 'Darktrace_instance_1',
};

let sim: RunningSimulator;
let clock: ManualClock;
let dt: Integration;
let state: MirrorStateHolder;

beforeEach(async () => {
  clock = fixedClock('2026-03-01T12:00:00Z');
  sim = await startSimulator({ clock });
  dt = openMirrorInstance(sim, clock, MIRROR_PARAMS);
  state = {};
  await dt.fetchIncidents(undefined, state);
  clock.advance(60_000);
});

afterEach(async () => {
  await dt.close();
  await sim.close();
});

const breach = (pbid: number) => sim.state.breaches.find((b) => b.pbid === pbid)!;
const requestsTo = (path: RegExp, from = 0) => sim.requests.slice(from).filter((r) => path.test(r.path));

function commentInDarktrace(pbid: number, username: string, message: string): void {
  sim.state.comments.push({ time: clock.now(), pbid, username, message, pid: 1, name: 'model' });
  breach(pbid).commentCount += 1;
}

describe('mirroring model breaches', () => {
  it('fetched incidents carry the mirror fields and are registered', async () => {
    const fetched = await openMirrorInstance(sim, clock, MIRROR_PARAMS).fetchIncidents();
    expect(fetched.incidents[0]).toMatchObject({
      dbotMirrorId: expect.stringMatching(/^\d+$/),
      dbotMirrorDirection: 'Both',
      dbotMirrorInstance: 'Darktrace_instance_1',
      dbotMirrorTags: ['comment'],
    });
    const registry = (state.integrationContext as { mirror: { sources: { mb: { registry: Record<string, unknown> } } } }).mirror.sources.mb.registry;
    expect(Object.keys(registry).sort()).toEqual(fetched.incidents.map((i) => i.dbotMirrorId).sort());
    expect(await dt.mirror.getModifiedRemoteData({ lastUpdate: new Date(clock.now()).toISOString() }, state)).toEqual([]);
  });

  it('an acknowledgement in Darktrace is named once and closes the incident', async () => {
    breach(30952).acknowledged = true;
    clock.advance(60_000);
    expect(await dt.mirror.getModifiedRemoteData({}, state)).toEqual(['30952']);
    const remote = await dt.mirror.getRemoteData({ id: '30952', lastUpdate: '2026-03-01T12:00:00Z' }, state);
    expect(remote.mirroredObject).toMatchObject({ id: '30952', pbid: 30952, acknowledged: true });
    expect(remote.entries).toEqual([CLOSED_IN_DARKTRACE]);
    clock.advance(60_000);
    expect(await dt.mirror.getModifiedRemoteData({}, state)).toEqual([]);
    // The platform closes the incident and tells us: already acknowledged, nothing is sent.
    const before = sim.requests.length;
    expect(await dt.mirror.updateRemoteSystem({ remoteId: '30952', status: 2, incidentChanged: true }, state)).toBe('30952');
    expect(requestsTo(/acknowledge$/, before)).toEqual([]);
  });

  it('closing the incident acknowledges the breach in Darktrace, once, without echo', async () => {
    const before = sim.requests.length;
    expect(await dt.mirror.updateRemoteSystem({ remoteId: '30953', status: 2, incidentChanged: true, delta: { closeReason: 'Resolved' } }, state)).toBe(
      '30953',
    );
    expect(breach(30953).acknowledged).toBe(true);
    expect(requestsTo(/^\/modelbreaches\/30953\/acknowledge$/, before)).toHaveLength(1);
    clock.advance(60_000);
    expect(await dt.mirror.getModifiedRemoteData({}, state)).toEqual([]);
  });

  it('reopening an incident closed by the SOAR unacknowledges the breach, with close_out', async () => {
    await dt.mirror.updateRemoteSystem({ remoteId: '30957', status: 2, incidentChanged: true }, state);
    expect(breach(30957).acknowledged).toBe(true);
    const before = sim.requests.length;
    clock.advance(60_000);
    expect(await dt.mirror.getModifiedRemoteData({}, state)).toEqual([]);
    // The closed incident is not among the breaches read in the round.
    const batch = requestsTo(/^\/modelbreaches$/, before).map((r) => new URLSearchParams(r.rawQuery).get('pbid') ?? '');
    expect(batch.join(',').split(',')).not.toContain('30957');
    await dt.mirror.updateRemoteSystem({ remoteId: '30957', status: 1, incidentChanged: true }, state);
    expect(breach(30957).acknowledged).toBe(false);
  });

  it('a Darktrace comment becomes one note, tagged so that it never goes back out', async () => {
    commentInDarktrace(30954, 'analyst3', 'Checked with the owner.');
    clock.advance(60_000);
    expect(await dt.mirror.getModifiedRemoteData({}, state)).toEqual(['30954']);
    const remote = await dt.mirror.getRemoteData({ id: '30954' }, state);
    expect(remote.entries).toEqual([
      {
        Type: 1,
        Contents: '**analyst3** (2026-03-01T12:01:00.000Z): Checked with the owner.',
        ContentsFormat: 'markdown',
        Tags: ['FromDarktrace'],
        Note: true,
      },
    ]);
    clock.advance(60_000);
    expect(await dt.mirror.getModifiedRemoteData({}, state)).toEqual([]);
    expect((await dt.mirror.getRemoteData({ id: '30954' }, state)).entries).toEqual([]);
    // The platform hands the note back among the incident's entries: it is not posted.
    const before = sim.requests.length;
    const entries = [{ id: '5@1', contents: remote.entries[0]!.Contents, tags: ['FromDarktrace', 'comment'], user: 'DBot' }];
    await dt.mirror.updateRemoteSystem({ remoteId: '30954', status: 1, incidentChanged: true, entries }, state);
    expect(requestsTo(/comments$/, before).filter((r) => r.method === 'POST')).toEqual([]);
  });

  it('a tagged note becomes one Darktrace comment with the prefix, never brought back in', async () => {
    const entries = [
      { id: '7@1', contents: 'Escalated to tier 2.', user: 'alice', tags: ['comment'] },
      { id: '8@1', contents: 'Not for Darktrace.', user: 'alice', tags: ['note'] },
    ];
    await dt.mirror.updateRemoteSystem({ remoteId: '30955', status: 1, incidentChanged: true, entries }, state);
    await dt.mirror.updateRemoteSystem({ remoteId: '30955', status: 1, incidentChanged: true, entries }, state);
    expect(sim.state.comments.filter((c) => c.pbid === 30955).map((c) => c.message)).toEqual(['[XSOAR] alice: Escalated to tier 2.']);
    clock.advance(60_000);
    expect(await dt.mirror.getModifiedRemoteData({}, state)).toEqual([]);
    expect((await dt.mirror.getRemoteData({ id: '30955' }, state)).entries).toEqual([]);
  });

  it('a close that fails after the note was posted keeps the note posted: the retry sends only the acknowledgement', async () => {
    const entries = [{ id: '9@1', contents: 'Closing: benign.', user: 'alice', tags: ['comment'] }];
    const failAck = (r: { method: string; path: string }) => {
      if (r.path === '/modelbreaches/30956/acknowledge') sim.faults.push({ kind: 'status', status: 403 });
    };
    sim.events.on('request', failAck);
    await expect(dt.mirror.updateRemoteSystem({ remoteId: '30956', status: 2, incidentChanged: true, entries }, state)).rejects.toMatchObject({
      code: 'DT_PERMISSION',
    });
    sim.events.off('request', failAck);
    expect(breach(30956).acknowledged).toBe(false);
    await dt.mirror.updateRemoteSystem({ remoteId: '30956', status: 2, incidentChanged: true, entries }, state);
    expect(breach(30956).acknowledged).toBe(true);
    expect(sim.state.comments.filter((c) => c.pbid === 30956).map((c) => c.message)).toEqual(['[XSOAR] alice: Closing: benign.']);
  });

  it('unacknowledged in Darktrace reopens an incident closed by mirroring, with reopen_on_unack', async () => {
    const reopening = openMirrorInstance(sim, clock, { ...MIRROR_PARAMS, reopen_on_unack: true });
    try {
      breach(30956).acknowledged = true;
      clock.advance(60_000);
      expect(await reopening.mirror.getModifiedRemoteData({}, state)).toEqual(['30956']);
      expect((await reopening.mirror.getRemoteData({ id: '30956' }, state)).entries.map((e) => e.Contents)).toEqual([
        expect.objectContaining({ dbotIncidentClose: true }),
      ]);
      breach(30956).acknowledged = false;
      clock.advance(60_000);
      expect(await reopening.mirror.getModifiedRemoteData({}, state)).toEqual(['30956']);
      expect((await reopening.mirror.getRemoteData({ id: '30956' }, state)).entries).toEqual([
        { Type: 1, Contents: { dbotIncidentReopen: true }, ContentsFormat: 'json' },
      ]);
    } finally {
      await reopening.close();
    }
  });

  it('get-mapping-fields names the model breach type and its mirrored fields', () => {
    const [scheme] = dt.mirror.getMappingFields();
    expect(scheme?.type).toBe('Darktrace Model Breach');
    expect(Object.keys(scheme?.fields ?? {})).toEqual(['pbid', 'acknowledged', 'acknowledgedBy', 'acknowledgedTime', 'commentCount', 'score', 'link']);
  });
});
