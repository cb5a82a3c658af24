// `npm run bench`: the only place wall-clock numbers appear (STYLE.md). Every figure of issue #14's
// target table, each against a baseline measured in the same run and printed as a ratio. Each side
// of a comparison runs in its own child process (one side's memory never inflates the other's, and
// a baseline child loads none of our modules); figures are medians of several runs.
//  1. one fetch cycle over a 50,000-breach backlog with max_alerts 10,000 (simulator -> signed
//     client -> slices, dedupe, sort -> incidents serialised as JSON lines) against a bare process
//     that downloads and JSON.parses the whole window once: wall time and peak RSS;
//  2. draining that backlog (as many cycles as it takes) against the same download + parse;
//  3. the first cycle of a ~600 MB backlog (300,000 breaches; one answer that size cannot even
//     become a string): peak RSS against the 300 MB;
//  4. cold start of `run '!darktrace-get-similar-devices did=1'` against bare node making the same
//     signed GET with fetch(), and of `commands`, `help <cmd>`, `--help` against `node -e 0`.
// Not part of npm test. On a shared 2-core machine read the ratios, not the absolute times; every
// ratio is the median of pairs (ours, and its baseline run next to it).
import { spawn } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
// Types only (erased): a baseline child must load none of our modules, so values come from import().
import type { Breach } from '../src/simulator/dataset.js';
import type { generateBreaches } from '../src/simulator/generate.js';
import type { startSimulator } from '../src/simulator/server.js';
import type { Checkpoint } from '../src/incidents/checkpoint.js';

const BACKLOG = 50_000;
const MAX_ALERTS = 10_000;
const BIG_BACKLOG = 300_000;
const FETCH_RUNS = 5;
const BIG_RUNS = 2;
const COLD_RUNS = 15;
const DAY_MS = 86_400_000;
const SELF = fileURLToPath(import.meta.url);
/** BENCH_ONLY=fetch|big|cold runs one part (while working on it); the README's table comes from a full run. */
const ONLY = process.env['BENCH_ONLY'];

interface Sample {
  wallMs: number;
  /** The child's own CPU time (all threads, start-up included): on the fetch path, the rest is waiting for the appliance. */
  cpuMs: number;
  maxRssMb: number;
  items: number;
  bytes: number;
  cycles?: number;
  requests?: number;
}

/**
 * The signing recipe of darktrace-api.md §1.1, written here so the baselines share no code with
 * src/client/. Self-contained (only createHmac): its source text is also the bare `node -e` script.
 */
function signedHeaders(target: string, pub: string, priv: string): Record<string, string> {
  const d = new Date();
  const p = (n: number) => String(n).padStart(2, '0');
  const date = `${d.getUTCFullYear()}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}T${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}`;
  const signature = createHmac('sha1', priv).update(`${target}\n${pub}\n${date}`).digest('hex');
  return { 'DTAPI-Token': pub, 'DTAPI-Date': date, 'DTAPI-Signature': signature };
}

function report(startMs: number, sample: Omit<Sample, 'wallMs' | 'cpuMs' | 'maxRssMb'>): void {
  const cpu = process.cpuUsage();
  const full: Sample = {
    wallMs: performance.now() - startMs,
    cpuMs: (cpu.user + cpu.system) / 1000,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
    ...sample,
  };
  process.stdout.write(JSON.stringify(full));
}

/** Child: fetch cycles through the real pipeline; `drain` repeats them until nothing is left. */
async function childPipeline(url: string, pub: string, priv: string, mode: 'cycle' | 'drain'): Promise<void> {
  const [{ systemClock }, { DarktraceClient }, { fetchIncidents }, { modelBreaches }, { createLogger }, { incidentLines }] = await Promise.all([
    import('../src/clock.js'),
    import('../src/client/darktrace-client.js'),
    import('../src/incidents/fetch-streams.js'),
    import('../src/incidents/sources/model-breaches.js'),
    import('../src/log.js'),
    import('../src/incidents/incident-lines.js'),
  ]);
  const log = createLogger({ level: 'silent' });
  const start = performance.now();
  const client = new DarktraceClient({
    baseUrl: url,
    publicToken: pub,
    privateToken: priv,
    timeoutMs: 120_000,
    insecure: false,
    useSystemProxy: false,
    clock: systemClock,
    logger: log,
  });
  const params = { min_score: 0, max_alerts: MAX_ALERTS, first_fetch: '31 days' };
  let lastRun: Checkpoint | undefined;
  let items = 0;
  let bytes = 0;
  let cycles = 0;
  for (;;) {
    cycles++;
    const r = await fetchIncidents({ sources: [modelBreaches], client, params, lastRun, clock: systemClock, log });
    // What delivery writes, piece by piece: one JSON line per incident.
    for (const lines of incidentLines(r.incidents)) bytes += lines.length;
    items += r.incidents.length;
    lastRun = r.nextRun;
    if (mode === 'cycle' || (r.incidents.length === 0 && r.stats.deferred === 0)) break;
  }
  await client.close();
  report(start, { items, bytes, cycles });
}

/** Child: the baseline, one signed GET of the whole window and JSON.parse, nothing of ours loaded. */
async function childBaseline(url: string, pub: string, priv: string, target: string): Promise<void> {
  const start = performance.now();
  const res = await fetch(url + target, { headers: signedHeaders(target, pub, priv) });
  const text = await res.text();
  const data = JSON.parse(text) as unknown[];
  report(start, { items: data.length, bytes: text.length });
}

function runChild(args: string[], env: NodeJS.ProcessEnv = process.env): Promise<{ code: number | null; stdout: string; stderr: string; ms: number }> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const child = spawn(args[0]!, args.slice(1), { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr, ms: performance.now() - start }));
  });
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

async function measured(...args: string[]): Promise<Sample> {
  const r = await runChild([process.execPath, SELF, ...args]);
  if (r.code !== 0) throw new Error(`bench ${args[0]} failed (${r.code}): ${r.stderr}`);
  return JSON.parse(r.stdout) as Sample;
}

/**
 * Whole-process CPU time (user + sys, all threads) as a cold-start child reports it at exit: on a
 * loaded machine wall time is mostly waiting for a processor. Loaded with --require into ours and
 * the baseline alike; it is not one of our modules.
 */
const CPU_REPORTER = `process.on('exit', () => { const u = process.cpuUsage(); process.stderr.write('\\nbench-cpu-us ' + (u.user + u.system) + '\\n'); });`;

interface ColdRun {
  wallMs: number;
  cpuMs: number;
}

/** One cold start: wall time seen from here and the child's own CPU time. */
async function coldStart(args: string[], env: NodeJS.ProcessEnv, reporter: string, check: (stdout: string) => boolean): Promise<ColdRun> {
  const r = await runChild([process.execPath, ...args], { ...env, NODE_OPTIONS: `--require=${reporter}` });
  const cpu = /bench-cpu-us (\d+)/.exec(r.stderr)?.[1];
  if (r.code !== 0 || !check(r.stdout) || cpu === undefined) {
    throw new Error(`bench: ${args.join(' ')} failed (${r.code}): ${r.stderr}${r.stdout.slice(0, 200)}`);
  }
  return { wallMs: r.ms, cpuMs: Number(cpu) / 1000 };
}

type Sim = Awaited<ReturnType<typeof startSimulator>>;

interface Ctx {
  readonly nowMs: number;
  readonly now: () => number;
  readonly pub: string;
  readonly priv: string;
  readonly sim: (breaches?: Breach[]) => Promise<Sim>;
  readonly generate: typeof generateBreaches;
  readonly row: (name: string, ours: string, base: string, ratio: string, target: string) => void;
  readonly notes: string[];
}

const msText = (v: number) => (v < 1_000 ? `${v.toFixed(0)} ms` : `${(v / 1000).toFixed(2)} s`);
const mbText = (v: number) => `${v.toFixed(0)} MB`;
const med = (xs: Sample[], k: 'wallMs' | 'maxRssMb') => median(xs.map((s) => s[k]));
const n = (v: number) => v.toLocaleString('en');

/** 1-2: one cycle and a full drain of the 50,000-breach backlog, against one download + parse. */
async function fetchPart(c: Ctx): Promise<void> {
  const sim = await c.sim(
    c.generate({ count: BACKLOG, startMs: c.nowMs - 30 * DAY_MS, endMs: c.nowMs - 1_000, tieFraction: 0.2, lateFraction: 0.1, seed: 42 }),
  );
  try {
    const cycle: Sample[] = [];
    const drain: Sample[] = [];
    const baseline: Sample[] = [];
    let requests = 0;
    for (let i = 0; i < FETCH_RUNS; i++) {
      sim.requests.length = 0;
      cycle.push(await measured('cycle', sim.url, c.pub, c.priv));
      const sent = sim.requests.filter((r) => r.path === '/modelbreaches');
      requests = sent.length;
      // The whole window the cycle walks, from its first slice's start to now, in one query.
      const q = new URLSearchParams(sent[0]!.rawQuery);
      q.set('endtime', String(c.now()));
      baseline.push(await measured('baseline', sim.url, c.pub, c.priv, `/modelbreaches?${q.toString()}`));
      drain.push(await measured('drain', sim.url, c.pub, c.priv));
    }
    if (cycle[0]!.items !== MAX_ALERTS || baseline[0]!.items !== BACKLOG || drain[0]!.items !== BACKLOG) {
      throw new Error(
        `bench: expected ${MAX_ALERTS} incidents in a cycle, ${BACKLOG} in the window and drained; got ${cycle[0]!.items}, ${baseline[0]!.items}, ${drain[0]!.items}`,
      );
    }
    const w = (xs: Sample[]) => med(xs, 'wallMs');
    const r = (xs: Sample[]) => med(xs, 'maxRssMb');
    // A ratio is the median of each run's ratio to the baseline measured just before it, as for
    // cold starts: the machine drifts between runs more than within one.
    const paired = (xs: Sample[], k: 'wallMs' | 'maxRssMb') => `${median(xs.map((x, i) => x[k] / baseline[i]![k])).toFixed(2)}x`;
    c.row(
      `one cycle, ${n(BACKLOG)}-breach backlog, max_alerts ${n(MAX_ALERTS)}: wall time`,
      msText(w(cycle)),
      msText(w(baseline)),
      paired(cycle, 'wallMs'),
      '≤ 0.6x',
    );
    c.row('same: peak RSS', mbText(r(cycle)), mbText(r(baseline)), paired(cycle, 'maxRssMb'), '≤ 0.5x');
    c.row(
      `draining the ${n(BACKLOG)} backlog (${drain[0]!.cycles} cycles): wall time`,
      msText(w(drain)),
      msText(w(baseline)),
      paired(drain, 'wallMs'),
      '≤ 1.3x',
    );
    c.row('same: peak RSS', mbText(r(drain)), mbText(r(baseline)), paired(drain, 'maxRssMb'), '');
    c.notes.push(`The backlog is ${(median(baseline.map((s) => s.bytes)) / 2 ** 20).toFixed(0)} MB as one answer; one cycle asked ${requests} slices.`);
  } finally {
    await sim.close();
  }
}

/**
 * 3: ~600 MB. Full model logic (minimal=false) is much of a real breach's size; one object shared by
 * every breach keeps the simulator's own memory small while each answer carries it.
 */
async function bigPart(c: Ctx): Promise<void> {
  const logic = {
    data: Array.from({ length: 7 }, (_, i) => ({
      cid: 4_000 + i,
      weight: 1,
      filters: [{ id: `A${i}`, comparator: 'matches regular expression', arguments: { value: 'x'.repeat(20) } }],
    })),
    targetScore: 1,
    type: 'weightedComponentList',
    version: 1,
  };
  const big = c.generate({ count: BIG_BACKLOG, startMs: c.nowMs - 30 * DAY_MS, endMs: c.nowMs - 1_000, tieFraction: 0.2, seed: 43 });
  for (const b of big) (b.model.then as Record<string, unknown>)['logic'] = logic;
  // As the simulator answers them: with breachUrl (about 60 bytes each).
  const bigMb = big.reduce((sum, b) => sum + JSON.stringify(b).length + 61, 0) / 2 ** 20;
  const sim = await c.sim(big);
  try {
    const first: Sample[] = [];
    for (let i = 0; i < BIG_RUNS; i++) {
      first.push(await measured('cycle', sim.url, c.pub, c.priv));
      if (first.at(-1)!.items !== MAX_ALERTS) throw new Error(`bench: the big backlog's first cycle delivered ${first.at(-1)!.items}`);
    }
    c.row(
      `${bigMb.toFixed(0)} MB backlog (${n(BIG_BACKLOG)} breaches), max_alerts ${n(MAX_ALERTS)}: first cycle peak RSS`,
      mbText(med(first, 'maxRssMb')),
      'must work',
      '',
      '≤ 300 MB',
    );
    c.row('same: wall time', msText(med(first, 'wallMs')), '', '', '');
  } finally {
    await sim.close();
  }
}

/** 4: cold starts, each run of ours followed by one of its baseline so load bursts hit both. */
async function coldPart(c: Ctx, bin: string): Promise<void> {
  const sim = await c.sim();
  try {
    const similarTarget = '/similardevices?did=1&count=5';
    const bare = `const { createHmac } = require('node:crypto');
${signedHeaders.toString()}
fetch(process.argv[1] + ${JSON.stringify(similarTarget)}, { headers: signedHeaders(${JSON.stringify(similarTarget)}, process.argv[2], process.argv[3]) })
  .then((r) => r.text()).then((t) => { process.stdout.write(t); });`;
    const env = { PATH: process.env.PATH ?? '', DARKTRACE_URL: sim.url, DARKTRACE_PUBLIC_API_TOKEN: c.pub, DARKTRACE_PRIVATE_API_TOKEN: c.priv };
    const nodeE0 = { base: ['-e', '0'], baseName: '`node -e 0`', baseCheck: () => true };
    const cases = [
      {
        name: "`run '!darktrace-get-similar-devices did=1'`",
        args: [bin, 'run', '!darktrace-get-similar-devices did=1'],
        check: (s: string) => s.includes('similar devices'),
        base: ['-e', bare, sim.url, c.pub, c.priv],
        baseName: 'node, the same signed GET with fetch()',
        baseCheck: (s: string) => s.startsWith('['),
      },
      { name: '`commands`', args: [bin, 'commands'], check: (s: string) => s.includes('darktrace-get-similar-devices'), ...nodeE0 },
      {
        name: '`help darktrace-get-similar-devices`',
        args: [bin, 'help', 'darktrace-get-similar-devices'],
        check: (s: string) => s.includes('max_results'),
        ...nodeE0,
      },
      { name: '`--help`', args: [bin, '--help'], check: (s: string) => s.includes('usage:'), ...nodeE0 },
    ];
    const reporter = join(tmpdir(), `darktrace-soar-bench-cpu-${process.pid}.cjs`);
    writeFileSync(reporter, CPU_REPORTER);
    try {
      for (const k of cases) {
        const ours: ColdRun[] = [];
        const base: ColdRun[] = [];
        for (let i = 0; i < COLD_RUNS; i++) {
          ours.push(await coldStart(k.args, env, reporter, k.check));
          base.push(await coldStart(k.base, env, reporter, k.baseCheck));
        }
        // A ratio is the median of each pair's ratio (ours, then its baseline at once): on a
        // shared machine the load drifts between pairs more than within one.
        const pairRatio = (key: keyof ColdRun) => `${median(ours.map((o, i) => o[key] / base[i]![key])).toFixed(2)}x`;
        const medMs = (runs: ColdRun[], key: keyof ColdRun) => msText(median(runs.map((r) => r[key])));
        c.row(`cold start: ${k.name} vs ${k.baseName}: wall time`, medMs(ours, 'wallMs'), medMs(base, 'wallMs'), pairRatio('wallMs'), '≤ 1.3x');
        c.row('same: CPU time up to exit', medMs(ours, 'cpuMs'), medMs(base, 'cpuMs'), pairRatio('cpuMs'), '');
      }
    } finally {
      rmSync(reporter, { force: true });
    }
  } finally {
    await sim.close();
  }
}

async function parent(): Promise<void> {
  const [{ systemClock }, { packagePath }, { loadDefaultDataset }, { generateBreaches }, { SIMULATOR_TOKENS, startSimulator }] = await Promise.all([
    import('../src/clock.js'),
    import('../src/paths.js'),
    import('../src/simulator/dataset.js'),
    import('../src/simulator/generate.js'),
    import('../src/simulator/server.js'),
  ]);
  const rows: string[] = [];
  const notes: string[] = [];
  const c: Ctx = {
    nowMs: systemClock.now(),
    now: () => systemClock.now(),
    pub: SIMULATOR_TOKENS.publicToken,
    priv: SIMULATOR_TOKENS.privateToken,
    sim: (breaches) => startSimulator(breaches ? { dataset: { ...loadDefaultDataset(), breaches } } : {}),
    generate: generateBreaches,
    row: (name, ours, base, r, target) => rows.push(`| ${name} | ${ours} | ${base} | ${r} | ${target} |`),
    notes,
  };
  const loadBefore = loadavg()[0]!;
  if (!ONLY || ONLY === 'fetch') await fetchPart(c);
  if (!ONLY || ONLY === 'big') await bigPart(c);
  if (!ONLY || ONLY === 'cold') await coldPart(c, packagePath('bin', 'darktrace-soar'));
  process.stdout.write(
    [
      `darktrace-soar bench: node ${process.version}, medians of ${FETCH_RUNS} fetch runs, ${BIG_RUNS} big-backlog runs and ${COLD_RUNS} cold starts`,
      // The machine's load says how far to trust the absolute times (the ratios pair runs in turn).
      `load average (1 min) ${loadBefore.toFixed(1)} at the start, ${loadavg()[0]!.toFixed(1)} at the end`,
      '',
      '| measure | ours | baseline | ratio | target |',
      '|---|---|---|---|---|',
      ...rows,
      '',
      'Baselines: a fetch figure against a bare node process doing one signed GET + JSON.parse of the whole window; a cold start against bare `node` as named.',
      ...notes,
      '',
    ].join('\n'),
  );
}

const [mode, ...rest] = process.argv.slice(2);
if (mode === 'cycle' || mode === 'drain') await childPipeline(rest[0]!, rest[1]!, rest[2]!, mode);
else if (mode === 'baseline') await childBaseline(rest[0]!, rest[1]!, rest[2]!, rest[3]!);
else await parent();
