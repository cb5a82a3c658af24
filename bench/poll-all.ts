// `npm run bench`, part 2 (issue #7): memory of a long `poll --all`. 20 instances over 4 simulators
// (3 failing: a closed port, an appliance answering 503, a wrong token), 50 cycles, new breaches
// arriving on every healthy appliance each cycle. The child reports its RSS in every
// `poll cycle done` line; we print cycles 1, 10, 25 and 50, the ratio last/first (flat means no
// per-cycle growth: nothing accumulates per cycle, per instance or per failure) and the peak.
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { systemClock } from '../src/clock.js';
import { packagePath } from '../src/paths.js';
import { loadDefaultDataset } from '../src/simulator/dataset.js';
import { startFleet } from '../src/simulator/fleet.js';
import { generateBreaches } from '../src/simulator/generate.js';

const CYCLES = 50;
const REPORT_AT = [1, 10, 25, 50];
const HEALTHY = 17;
const NEW_PER_CYCLE = 5;
const DAY_MS = 86_400_000;

async function main(): Promise<void> {
  const nowMs = systemClock.now();
  const fleet = await startFleet({
    healthy: HEALTHY,
    simulators: 4,
    dataset: (k) => ({ ...loadDefaultDataset(), breaches: generateBreaches({ count: 400, startMs: nowMs - 2 * DAY_MS, endMs: nowMs - 1_000, seed: 70 + k }) }),
  });
  const sims = fleet.simulators;
  try {
    const { instances } = fleet;
    const dir = mkdtempSync(join(tmpdir(), 'dt-soar-bench-'));
    const config = join(dir, 'config.json');
    writeFileSync(config, JSON.stringify({ isFetch: true, min_score: 0, max_alerts: 25, first_fetch: '3 days', instances }));

    const bin = packagePath('bin', 'darktrace-soar');
    const args = [
      'poll',
      '--all',
      '--config',
      config,
      '--state-dir',
      join(dir, 'state'),
      '--out-dir',
      join(dir, 'out'),
      '--interval',
      '100ms',
      '--cycles',
      String(CYCLES),
    ];
    const start = performance.now();
    const child = spawn(process.execPath, [bin, ...args], {
      env: { PATH: process.env.PATH ?? '', DARKTRACE_SOAR_RETRIES: '0', DARKTRACE_SOAR_MIN_INTERVAL: '0s' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    const rss = new Map<number, number>();
    let delivered = 0;
    let nextPbid = 5_000_000;
    const template = sims[0]!.state.breaches[0]!;
    for await (const line of createInterface({ input: child.stderr! })) {
      if (!line.includes('"msg":"poll cycle done"')) continue;
      const status = JSON.parse(line) as { cycle: number; ok: number; failing: number; delivered: number; rssMb: number };
      if (status.ok !== HEALTHY || status.failing !== 3) throw new Error(`bench: cycle ${status.cycle} had ok ${status.ok}, failing ${status.failing}`);
      rss.set(status.cycle, status.rssMb);
      delivered += status.delivered;
      // New breaches for the next cycle, so every cycle delivers and writes, not only the first few.
      const t = systemClock.now();
      for (const sim of sims)
        for (let j = 0; j < NEW_PER_CYCLE; j++) sim.state.breaches.push({ ...structuredClone(template), pbid: nextPbid++, creationTime: t, time: t });
    }
    const [code] = (await once(child, 'close')) as [number | null];
    if (code !== 0 || rss.size !== CYCLES) throw new Error(`bench: poll --all exited ${code} after ${rss.size} cycles`);
    const first = rss.get(1)!;
    const last = rss.get(CYCLES)!;
    process.stdout.write(
      [
        `poll --all: ${HEALTHY + 3} instances (3 failing), ${CYCLES} cycles at --interval 100ms, ${delivered} incidents delivered, ${((performance.now() - start) / 1000).toFixed(1)} s`,
        '',
        `| after cycle | ${REPORT_AT.map((c) => String(c).padStart(6)).join(' | ')} | last/first | peak |`,
        `|---|${REPORT_AT.map(() => '---').join('|')}|---|---|`,
        `| RSS (MB) | ${REPORT_AT.map((c) => String(rss.get(c)).padStart(6)).join(' | ')} | ${(last / first).toFixed(2)}x | ${Math.max(...rss.values())} MB |`,
        '',
      ].join('\n'),
    );
  } finally {
    await fleet.close();
  }
}

await main();
