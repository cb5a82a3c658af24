// `simulate --data real`: the standalone simulator answering with the shapes real appliances were
// recorded sending, and a config whose first_fetch reaches back to them, so a user can try the
// fetcher and the commands on real data by hand.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, runCli } from '../helpers/run-cli.js';

/** Starts `simulate` with `args` and resolves with the config it printed (up to its first_fetch line). */
async function startSimulate(args: readonly string[]): Promise<{ config: string; stop: () => Promise<void> }> {
  const child = spawn(process.execPath, [BIN, 'simulate', ...args], { env: { PATH: process.env.PATH ?? '' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.setEncoding('utf8');
  for await (const chunk of child.stdout) {
    out += chunk as string;
    if (/^first_fetch: .*\n/m.test(out)) break;
  }
  return {
    config: out,
    stop: async () => {
      const closed = once(child, 'close');
      child.kill('SIGTERM');
      await closed;
    },
  };
}

describe('simulate --data real', () => {
  it('serves the recorded shapes, and its printed config fetches them as incidents', async () => {
    const sim = await startSimulate(['--data', 'real']);
    try {
      const dir = mkdtempSync(join(tmpdir(), 'dt-soar-simreal-'));
      const config = join(dir, 'simulator.yml');
      writeFileSync(config, `${sim.config}max_alerts: 200\nmin_score: 0\n`);
      const run = await runCli(['fetch', '--config', config, '--state', join(dir, 'state.json'), '--out', join(dir, 'out.jsonl')]);
      expect(run.code, run.stderr).toBe(0);
      const incidents = readFileSync(join(dir, 'out.jsonl'), 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as { name: string; rawJSON: string });
      // Every distinct recorded breach with a pbid and a creation time, whatever else it lacks.
      expect(incidents.length).toBeGreaterThanOrEqual(20);
      expect(incidents.some((i) => /"acknowledged":\{/.test(i.rawJSON))).toBe(true);
      expect(incidents.some((i) => / on System \(/.test(i.name))).toBe(true);
    } finally {
      await sim.stop();
    }
  });

  it('refuses any other data mode, naming the accepted one', async () => {
    const run = await runCli(['simulate', '--data', 'fake']);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('darktrace-soar: --data: expected real (the recorded shapes of real appliances), got "fake" [DT_USAGE]\n');
  });
});
