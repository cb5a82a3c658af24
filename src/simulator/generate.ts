// Large, deterministic model-breach sets for fetch tests and the bench: many breaches over a time
// range, a share of them sharing a creationTime millisecond (the tie case public fetchers lose,
// darktrace-api.md §6 P2), a share created hours after their first activity (P3), and scores
// spread around a threshold so minscore filtering matters.
import type { Breach, BreachModel, Device } from './dataset.js';
import { mulberry32, shuffled } from './prng.js';

export interface GenerateBreachesOptions {
  count: number;
  /** creationTime range, epoch ms, inclusive. */
  startMs: number;
  endMs: number;
  /** Share (0-1) of breaches whose creationTime equals another's, in groups of 2-5; default 0.1. */
  tieFraction?: number;
  /** Share (0-1) created 1-6 hours after their `time`; default 0.05. Others lag 0-120 s. */
  lateFraction?: number;
  /** Centre of the score distribution, 0-1; default 0.6. */
  scoreCenter?: number;
  /** Half-width of the score distribution; default 0.25. */
  scoreSpread?: number;
  seed?: number;
  /** pbid of the earliest breach; pbids increase with creationTime. Default 100000. */
  firstPbid?: number;
}

const MODELS: BreachModel[] = [
  {
    name: 'Device::Attack and Recon Tools',
    pid: 72,
    phid: 10581,
    uuid: '1b2c3d4e-0072-4a1b-9c2d-000000000072',
    priority: 4,
    category: 'Suspicious',
    compliance: false,
    description: 'A device is using common penetration testing tools.',
    tags: ['AP: Recon'],
  },
  {
    name: 'Compromise::Beaconing Activity To External Rare',
    pid: 185,
    phid: 10902,
    uuid: '80010119-6d7f-0000-0305-5e0000000185',
    priority: 5,
    category: 'Critical',
    compliance: false,
    description: 'A device is making regular connections to a rare external location.',
    tags: ['AP: C2 Comms'],
  },
  {
    name: 'Compliance::Messaging::Facebook Messenger',
    pid: 17,
    phid: 10011,
    uuid: '3d4b8a1c-0017-4c6e-8f1a-000000000017',
    priority: 2,
    category: 'Compliance',
    compliance: true,
    description: 'A device is using Facebook Messenger.',
    tags: ['Compliance'],
  },
  {
    name: 'Anomalous Connection::Data Sent to Rare Domain',
    pid: 321,
    phid: 11500,
    uuid: 'b1c2d3e4-0321-4f00-8a00-000000000321',
    priority: 4,
    category: 'Suspicious',
    compliance: false,
    description: 'A device has sent a large amount of data to a rare domain.',
    tags: ['AP: Exfiltration'],
  },
  {
    name: 'Device::New User Agent',
    pid: 402,
    phid: 11610,
    uuid: 'c4d5e6f7-0402-4e11-9b22-000000000402',
    priority: 1,
    category: 'Informational',
    compliance: false,
    description: 'A device used an HTTP user agent that it has not used before.',
    tags: [''],
  },
  {
    name: 'Anomalous Server Activity::Rare External from Server',
    pid: 88,
    phid: 9001,
    uuid: 'e0f1a2b3-0088-4b55-9d66-000000000088',
    priority: 3,
    description: 'A server connected to a rare external endpoint.',
    tags: [],
  },
  {
    name: 'Compromise::Watched Domain',
    pid: 250,
    phid: 11200,
    uuid: 'f2a3b4c5-0250-4c77-8e88-000000000250',
    priority: 5,
    category: 'Critical',
    compliance: false,
    description: 'A device connected to a domain on the watched list.',
    tags: ['AP: C2 Comms'],
  },
];

const DEVICES: Device[] = [
  {
    did: 1428,
    ip: '10.0.0.5',
    sid: 133,
    hostname: 'laptop-5.corp.example',
    macaddress: '3c:22:fb:11:05:05',
    firstSeen: 1644001729000,
    lastSeen: 1772365800000,
    typename: 'laptop',
    typelabel: 'Laptop',
  },
  {
    did: 1501,
    ip: '10.0.0.12',
    sid: 133,
    hostname: 'ws-12.corp.example',
    macaddress: '00:50:56:a1:0c:12',
    firstSeen: 1650000000000,
    lastSeen: 1772365200000,
    typename: 'desktop',
    typelabel: 'Desktop',
  },
  {
    did: 1733,
    ip: '10.0.0.20',
    sid: 133,
    hostname: 'fileserver.corp.example',
    firstSeen: 1646000000000,
    lastSeen: 1772366160000,
    typename: 'server',
    typelabel: 'Server',
  },
  {
    did: 2011,
    ip: '10.0.0.77',
    sid: 133,
    hostname: 'mac-dev-77.corp.example',
    firstSeen: 1720000000000,
    lastSeen: 1772344800000,
    typename: 'desktop',
    typelabel: 'Desktop',
  },
  {
    did: 2105,
    ip: '10.0.0.99',
    sid: 133,
    macaddress: 'f0:18:98:99:00:99',
    firstSeen: 1772193600000,
    lastSeen: 1772364600000,
    typename: 'desktop',
    typelabel: 'Desktop',
  },
  {
    did: 1975,
    ip: '',
    sid: -9,
    hostname: 'SaaS::Office365: j.doe@corp.example',
    firstSeen: 1700000000000,
    lastSeen: 1772364000000,
    typename: 'saasprovider',
    typelabel: 'SaaS Provider',
  },
];

const HOUR_MS = 3_600_000;

/** Group sizes of 2-5 summing to `total` (0 or >= 2). */
function tieGroups(total: number, rand: () => number): number[] {
  const groups: number[] = [];
  let left = total;
  while (left >= 2) {
    let g = Math.min(2 + Math.floor(rand() * 4), left);
    if (left - g === 1) g = g === 5 ? 4 : g + 1; // never leave a lone breach that cannot tie
    groups.push(g);
    left -= g;
  }
  return groups;
}

/**
 * `count` breaches with unique pbids increasing with creationTime. Exactly
 * round(count * tieFraction) of them (2 when that rounds to 1) share a creationTime with at least
 * one other, in groups of 2-5; all other creationTimes are distinct. Throws RangeError
 * when the range has too few milliseconds for the distinct times needed.
 */
export function generateBreaches(o: GenerateBreachesOptions): Breach[] {
  const { count, startMs, endMs } = o;
  if (!Number.isInteger(count) || count < 0) throw new RangeError(`count must be a non-negative integer, got ${count}`);
  if (endMs < startMs) throw new RangeError('endMs must not be before startMs');
  const rand = mulberry32(o.seed ?? 1);
  const center = o.scoreCenter ?? 0.6;
  const spread = o.scoreSpread ?? 0.25;
  let tieCount = Math.round(count * (o.tieFraction ?? 0.1));
  if (tieCount === 1) tieCount = count >= 2 ? 2 : 0;
  const groups = tieGroups(Math.min(tieCount, count), rand);
  const distinctNeeded = groups.length + (count - groups.reduce((a, b) => a + b, 0));
  const span = endMs - startMs + 1;
  if (distinctNeeded > span) throw new RangeError(`a range of ${span} ms cannot hold ${distinctNeeded} distinct creation times`);

  const used = new Set<number>();
  const freshTime = (): number => {
    for (;;) {
      const t = startMs + Math.floor(rand() * span);
      if (!used.has(t)) {
        used.add(t);
        return t;
      }
    }
  };
  const creationTimes: number[] = [];
  for (const g of groups) {
    const t = freshTime();
    for (let i = 0; i < g; i++) creationTimes.push(t);
  }
  while (creationTimes.length < count) creationTimes.push(freshTime());
  creationTimes.sort((a, b) => a - b);

  const late = new Set(shuffled([...creationTimes.keys()], (o.seed ?? 1) ^ 0x5eed).slice(0, Math.round(count * (o.lateFraction ?? 0.05))));
  const firstPbid = o.firstPbid ?? 100_000;
  return creationTimes.map((creationTime, i) => {
    const model = MODELS[Math.floor(rand() * MODELS.length)]!;
    const device = DEVICES[Math.floor(rand() * DEVICES.length)]!;
    const lag = late.has(i) ? HOUR_MS + Math.floor(rand() * 5 * HOUR_MS) : Math.floor(rand() * 120_000);
    // Sum of three uniforms: a bell shape around the centre, clamped to the API's 0-1 scale.
    const noise = (rand() + rand() + rand()) / 1.5 - 1;
    const score = Math.round(Math.min(1, Math.max(0.001, center + noise * spread)) * 1000) / 1000;
    const pbid = firstPbid + i;
    const time = creationTime - lag;
    return {
      commentCount: 0,
      pbid,
      time,
      creationTime,
      acknowledged: false,
      model: { then: { ...model, tags: [...model.tags] }, now: { ...model, tags: [...model.tags] } },
      triggeredComponents: [{ time, cbid: pbid * 10 + 1, cid: 1200 + model.pid, chid: 12000 + model.pid, size: 1, threshold: 1, interval: 3600 }],
      score,
      percentscore: Math.round(score * 100),
      device: { ...device },
    };
  });
}
