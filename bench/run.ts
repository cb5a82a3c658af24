// `npm run bench`: the only place wall-clock numbers appear (STYLE.md). Two measurements, each
// against a baseline measured in the same run, printed as a ratio:
//  1. fetching 50,000 model breaches through the whole pipeline (simulator -> signed client ->
//     validation, sort, dedupe -> incidents serialized as JSON lines) against a process that only
//     downloads and JSON.parses the same response; wall time, peak RSS and sampled heap high-water.
//     Each side runs in its own child process so that one side's memory never inflates the other's.
//  2. cold start of `bin/darktrace-soar run '!darktrace-get-similar-devices did=1'` against a bare
//     `node -e` process that signs (node:crypto, inline) and sends the same request; median of N.
import { spawn } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { systemClock } from '../src/clock.js';
import { DarktraceClient } from '../src/client/darktrace-client.js';
import { fetchIncidents } from '../src/fetch/fetch-incidents.js';
import { createLogger } from '../src/log.js';
import { packagePath } from '../src/paths.js';
import { loadDefaultDataset } from '../src/simulator/dataset.js';
import { generateBreaches } from '../src/simulator/generate.js';
import { SIMULATOR_TOKENS, startSimulator } from '../src/simulator/server.js';

const BREACHES = 50_000;
const FETCH_RUNS = 3;
const COLD_RUNS = 9;
const DAY_MS = 86_400_000;
const SELF = fileURLToPath(import.meta.url);

interface Sample { wallMs: number; maxRssMb: number; heapPeakMb: number; items: number; bytes: number }

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

function heapSampler(): { stop(): number } {
  let peak = process.memoryUsage().heapUsed;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().heapUsed)), 2);
  return {
    stop() {
      clearInterval(timer);
      return Math.max(peak, process.memoryUsage().heapUsed);
    },
  };
}

function report(startMs: number, heap: { stop(): number }, items: number, bytes: number): void {
  const sample: Sample = {
    wallMs: performance.now() - startMs,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
    heapPeakMb: heap.stop() / 2 ** 20,
    items,
    bytes,
  };
  process.stdout.write(JSON.stringify(sample));
}

async function childPipeline(url: string): Promise<void> {
  const heap = heapSampler();
  const start = performance.now();
  const client = new DarktraceClient({ baseUrl: url, ...SIMULATOR_TOKENS, timeoutMs: 120_000, insecure: false, useSystemProxy: false, clock: systemClock, logger: createLogger({ level: 'silent' }) });
  // max_alerts above the manifest's 10,000 on purpose: one cycle over the whole set.
  const params = { min_score: 0, max_alerts: BREACHES, first_fetch: '31 days' };
  const r = await fetchIncidents({ client, params, lastRun: undefined, clock: systemClock, log: createLogger({ level: 'silent' }) });
  const lines = r.incidents.map((i) => `${JSON.stringify(i)}\n`).join('');
  await client.close();
  report(start, heap, r.incidents.length, Buffer.byteLength(lines));
}

async function childBaseline(url: string, target: string): Promise<void> {
  const heap = heapSampler();
  const start = performance.now();
  const res = await fetch(url + target, { headers: signedHeaders(target, SIMULATOR_TOKENS.publicToken, SIMULATOR_TOKENS.privateToken) });
  const text = await res.text();
  const data = JSON.parse(text) as unknown[];
  report(start, heap, data.length, Buffer.byteLength(text));
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

async function measured(mode: string, ...args: string[]): Promise<Sample> {
  const r = await runChild([process.execPath, '--expose-gc', SELF, mode, ...args]);
  if (r.code !== 0) throw new Error(`bench ${mode} failed (${r.code}): ${r.stderr}`);
  return JSON.parse(r.stdout) as Sample;
}

async function parent(): Promise<void> {
  const nowMs = systemClock.now();
  const breaches = generateBreaches({ count: BREACHES, startMs: nowMs - 30 * DAY_MS, endMs: nowMs - 1_000, tieFraction: 0.2, lateFraction: 0.1, seed: 42 });
  const sim = await startSimulator({ dataset: { ...loadDefaultDataset(), breaches } });
  try {
    const pipeline: Sample[] = [];
    const baseline: Sample[] = [];
    for (let i = 0; i < FETCH_RUNS; i++) {
      sim.requests.length = 0;
      pipeline.push(await measured('pipeline', sim.url));
      const sent = sim.requests.find((r) => r.path === '/modelbreaches');
      if (!sent) throw new Error('bench: the pipeline sent no /modelbreaches request');
      baseline.push(await measured('baseline', sim.url, `${sent.path}?${sent.rawQuery}`));
    }
    if (pipeline[0]!.items !== BREACHES || baseline[0]!.items !== BREACHES) throw new Error(`bench: expected ${BREACHES} breaches on both sides`);

    const similarTarget = '/similardevices?did=1&count=5';
    const bare = `const { createHmac } = require('node:crypto');
${signedHeaders.toString()}
fetch(process.argv[1] + ${JSON.stringify(similarTarget)}, { headers: signedHeaders(${JSON.stringify(similarTarget)}, process.argv[2], process.argv[3]) })
  .then((r) => r.text()).then((t) => { process.stdout.write(t); });`;
    const env = { PATH: process.env.PATH ?? '', DARKTRACE_URL: sim.url, DARKTRACE_PUBLIC_API_TOKEN: SIMULATOR_TOKENS.publicToken, DARKTRACE_PRIVATE_API_TOKEN: SIMULATOR_TOKENS.privateToken };
    const cli: number[] = [];
    const node: number[] = [];
    const bin = packagePath('bin', 'darktrace-soar');
    for (let i = 0; i < COLD_RUNS; i++) {
      const a = await runChild([process.execPath, bin, 'run', '!darktrace-get-similar-devices did=1'], env);
      if (a.code !== 0) throw new Error(`bench: darktrace-soar run failed: ${a.stderr}`);
      cli.push(a.ms);
      const b = await runChild([process.execPath, '-e', bare, sim.url, SIMULATOR_TOKENS.publicToken, SIMULATOR_TOKENS.privateToken], env);
      if (b.code !== 0 || !b.stdout.startsWith('[')) throw new Error(`bench: bare node request failed: ${b.stderr}${b.stdout}`);
      node.push(b.ms);
    }

    const row = (name: string, ours: number, base: number, unit: string) =>
      `| ${name.padEnd(48)} | ${`${ours.toFixed(unit === 'ms' ? 0 : 1)} ${unit}`.padStart(10)} | ${`${base.toFixed(unit === 'ms' ? 0 : 1)} ${unit}`.padStart(10)} | ${(ours / base).toFixed(2).padStart(5)}x |`;
    const m = (xs: Sample[], k: keyof Sample) => median(xs.map((x) => x[k]));
    const lines = [
      `darktrace-soar bench: node ${process.version}, ${BREACHES} breaches (${(m(baseline, 'bytes') / 2 ** 20).toFixed(0)} MB response), median of ${FETCH_RUNS} fetch runs and ${COLD_RUNS} cold starts`,
      '',
      `| ${'measure'.padEnd(48)} | ${'ours'.padStart(10)} | ${'baseline'.padStart(10)} | ratio |`,
      `|${'-'.repeat(50)}|${'-'.repeat(12)}|${'-'.repeat(12)}|-------|`,
      row('fetch 50,000 breaches: wall time', m(pipeline, 'wallMs'), m(baseline, 'wallMs'), 'ms'),
      row('fetch 50,000 breaches: peak RSS', m(pipeline, 'maxRssMb'), m(baseline, 'maxRssMb'), 'MB'),
      row('fetch 50,000 breaches: heap high-water', m(pipeline, 'heapPeakMb'), m(baseline, 'heapPeakMb'), 'MB'),
      row('cold start: run get-similar-devices vs node -e', median(cli), median(node), 'ms'),
      '',
      'baseline: fetch 1-3 = download + JSON.parse of the same /modelbreaches answer; cold start = bare `node -e` signing inline.',
      '',
    ];
    process.stdout.write(lines.join('\n'));
  } finally {
    await sim.close();
  }
}

const [mode, ...rest] = process.argv.slice(2);
if (mode === 'pipeline') await childPipeline(rest[0]!);
else if (mode === 'baseline') await childBaseline(rest[0]!, rest[1]!);
else await parent();
