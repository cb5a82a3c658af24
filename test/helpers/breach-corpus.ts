// Recorded-shape model breaches and their one-field mutations (issue #11's property test).
// Shapes: test_data/real/modelbreach(es)/*.json (recorded by public integrations, {source, shape,
// request, body}) when present, plus test_data/api/modelbreaches/all.json and the variants of
// reference/darktrace-api.md §5.1 built from them.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../..');
type Rec = Record<string, unknown>;

export function recordedShapes(): Rec[] {
  const shapes: Rec[] = JSON.parse(readFileSync(join(ROOT, 'test_data/api/modelbreaches/all.json'), 'utf8')) as Rec[];
  for (const endpoint of ['modelbreaches', 'modelbreach']) {
    const realDir = join(ROOT, 'test_data/real', endpoint);
    if (!existsSync(realDir)) continue;
    for (const file of readdirSync(realDir)
      .filter((f) => f.endsWith('.json'))
      .sort()) {
      const body = (JSON.parse(readFileSync(join(realDir, file), 'utf8')) as { body?: unknown }).body;
      for (const r of Array.isArray(body) ? body : [body]) if (r !== null && typeof r === 'object' && !Array.isArray(r) && 'pbid' in r) shapes.push(r as Rec);
    }
  }
  return shapes;
}

const PATHS = [
  'pbid',
  'time',
  'creationTime',
  'score',
  'percentscore',
  'commentCount',
  'acknowledged',
  'breachUrl',
  'model',
  'model.then',
  'model.then.name',
  'model.then.category',
  'model.then.priority',
  'model.then.pid',
  'device',
  'device.did',
  'device.hostname',
  'device.ip',
  'device.credentials',
  'triggeredComponents',
];

function get(r: Rec, path: string): unknown {
  return path.split('.').reduce<unknown>((o, k) => (o !== null && typeof o === 'object' ? (o as Rec)[k] : undefined), r);
}

function edit(r: Rec, path: string, change: (parent: Rec, key: string) => void): Rec {
  const copy = structuredClone(r);
  const keys = path.split('.');
  const parent = keys.slice(0, -1).reduce<unknown>((o, k) => (o !== null && typeof o === 'object' ? (o as Rec)[k] : undefined), copy);
  if (parent !== null && typeof parent === 'object') change(parent as Rec, keys.at(-1)!);
  return copy;
}

export interface Mutant {
  readonly name: string;
  readonly record: Rec;
}

/** Every shape under every one-field mutation (null, removed, number -> string) and the §5.1 variants. */
export function mutants(shapes: readonly Rec[]): Mutant[] {
  const out: Mutant[] = [];
  shapes.forEach((shape, i) => {
    out.push({ name: `shape ${i} as recorded`, record: structuredClone(shape) });
    for (const path of PATHS) {
      if (get(shape, path) === undefined) continue;
      out.push({ name: `shape ${i}: ${path} null`, record: edit(shape, path, (p, k) => void (p[k] = null)) });
      out.push({ name: `shape ${i}: ${path} removed`, record: edit(shape, path, (p, k) => void delete p[k]) });
      if (typeof get(shape, path) === 'number')
        out.push({ name: `shape ${i}: ${path} as a string`, record: edit(shape, path, (p, k) => void (p[k] = String(p[k]))) });
    }
    const variants: Array<[string, (r: Rec) => void]> = [
      ['acknowledged object', (r) => void (r.acknowledged = { time: r.time, username: 'analyst@example.com' })],
      [
        'System breach',
        (r) => {
          r.device = { did: -1, sid: -1 };
          r.model = { then: { name: 'System::System', pid: 1, category: 'Informational' } };
          delete r.time;
        },
      ],
      ['inline model', (r) => void (r.model = (r.model as Rec | undefined)?.then ?? { name: 'Inline::Model', pid: 9 })],
      ['score on the 0-100 scale', (r) => void (r.score = 59)],
      ['time as an appliance date', (r) => void (r.time = '2026-03-01 10:00:00')],
      ['credentials as strings', (r) => void ((r.device as Rec | undefined) && ((r.device as Rec).credentials = ['alice', 'bob']))],
      ['pbid a fraction', (r) => void (r.pbid = Number(r.pbid) + 0.5)],
      ['creationTime 1e300', (r) => void (r.creationTime = 1e300)],
      [
        'deep nesting',
        (r) => {
          let deep: unknown = 'bottom';
          for (let d = 0; d < 20_000; d++) deep = [deep];
          r.triggeredComponents = deep;
        },
      ],
    ];
    for (const [name, change] of variants) {
      const record = structuredClone(shape);
      change(record);
      out.push({ name: `shape ${i}: ${name}`, record });
    }
  });
  return out;
}
