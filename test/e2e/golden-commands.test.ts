// Golden tests as data: every test_data/golden/<command>/<case>.json holds a war-room line, the
// request the simulator must receive and the context the command must produce; <case>.md holds the
// exact markdown. Each case runs the compiled CLI against a fresh simulator over a real socket.
// GOLDEN_UPDATE=1 rewrites the expectations from a run: then read every changed line before committing.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/clock.js';
import { loadManifest } from '../../src/manifest/load.js';
import { startSimulator, type RecordedRequest } from '../../src/simulator/server.js';
import { CANARY_TOKENS, instanceEnv } from '../helpers/canary-params.js';
import { runCli } from '../helpers/run-cli.js';

const GOLDEN_DIR = resolve(import.meta.dirname, '../../test_data/golden');
const UPDATE = process.env['GOLDEN_UPDATE'] === '1';
const SIMULATOR_URL = 'https://simulator.invalid';

interface ExpectedRequest {
  method: string;
  path: string;
  /** Query pairs in the order sent (the appliance signs them unsorted). */
  query?: Array<[string, string]>;
  /** Form or JSON body as an object. */
  body?: Record<string, unknown>;
}

interface GoldenCase {
  line: string;
  /** Recorded shapes to serve (the simulator's real-data mode): test_data/real case names. */
  realCases?: string[];
  /** The one request of a single-call command. */
  expectedRequest?: ExpectedRequest;
  /** Every request, in order, of a command that makes several (the security-validation ones). */
  expectedRequests?: ExpectedRequest[];
  outputs?: Record<string, unknown>;
  /** War-room lines run first, their requests not compared: the state a write then changes (a RESPOND action to extend). */
  setup?: string[];
  /**
   * 'frozen': the simulator's clock stands still at the run's start (the CLI's own clock runs on,
   * seconds apart, well within the appliance's 30-minute date window), so every time the simulator
   * computes is that instant plus a fixed offset, compared as `<now+600s>`.
   */
  clock?: 'frozen';
  /** Instance parameters beyond the URL and tokens, e.g. respond_default_reason. */
  params?: Record<string, string>;
}

const ISO_TIME = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z/g;
const DAY_MS = 86_400_000;

/** ISO times from a day before `anchorMs` on, as offsets from it: `<now+600s>`; older (fixture) times stay. */
function relativeTimes(text: string, anchorMs: number): string {
  return text.replace(ISO_TIME, (iso) => {
    const offset = Date.parse(iso) - anchorMs;
    if (offset < -DAY_MS) return iso;
    return `<now${offset < 0 ? '-' : '+'}${Math.abs(offset) / 1000}s>`;
  });
}

function loadCases(): Array<{ name: string; file: string; golden: GoldenCase }> {
  if (!existsSync(GOLDEN_DIR)) return [];
  return readdirSync(GOLDEN_DIR, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .flatMap((dir) =>
      readdirSync(join(GOLDEN_DIR, dir.name))
        .filter((f) => f.endsWith('.json') && !f.endsWith('.outputs.json'))
        .map((f) => ({
          name: `${dir.name}/${f.slice(0, -5)}`,
          file: join(GOLDEN_DIR, dir.name, f),
          golden: JSON.parse(readFileSync(join(GOLDEN_DIR, dir.name, f), 'utf8')) as GoldenCase,
        })),
    )
    .filter((c) => typeof c.golden.line === 'string');
}

function asRequest(r: RecordedRequest): ExpectedRequest {
  const out: ExpectedRequest = { method: r.method, path: r.path };
  if (r.query.length > 0) out.query = r.query;
  if (r.body !== '') {
    out.body = (r.contentType ?? '').startsWith('application/json')
      ? (JSON.parse(r.body) as Record<string, unknown>)
      : Object.fromEntries(new URLSearchParams(r.body));
  }
  return out;
}

const cases = loadCases();

describe('golden commands', () => {
  it('has cases for every manifest command', () => {
    const commands = new Set(cases.map((c) => c.name.split('/')[0]));
    expect([...commands].sort()).toEqual(
      loadManifest()
        .script.commands.map((c) => c.name)
        .sort(),
    );
  });

  it.concurrent.each(cases)('$name', async ({ file, golden }) => {
    const anchorMs = Math.floor(Date.now() / 1000) * 1000;
    const sim = await startSimulator({
      tokens: [{ ...CANARY_TOKENS }],
      ...(golden.realCases ? { data: 'real' as const } : {}),
      ...(golden.clock === 'frozen' ? { clock: fixedClock(anchorMs) } : {}),
    });
    try {
      if (golden.realCases) sim.real?.use(golden.realCases);
      const env = instanceEnv(sim.url, golden.params ?? {});
      for (const line of golden.setup ?? []) {
        const setup = await runCli(['run', line], { env });
        expect(setup.stderr, line).toBe('');
      }
      sim.requests.length = 0;
      const run = await runCli(['run', golden.line, '--json'], { env });
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      // The simulator's port changes per run; links built from the instance URL are compared without it.
      const stdout = golden.clock === 'frozen' ? relativeTimes(run.stdout, anchorMs) : run.stdout;
      const answer = JSON.parse(stdout.replaceAll(sim.url, SIMULATOR_URL)) as { outputs: Record<string, unknown>; readable: string };
      const requests = sim.requests.map(asRequest);
      const mdFile = file.replace(/\.json$/, '.md');
      if (UPDATE) {
        const expected = requests.length === 1 ? { expectedRequest: requests[0] } : { expectedRequests: requests };
        const real = golden.realCases ? { realCases: golden.realCases } : {};
        const given = {
          ...(golden.setup ? { setup: golden.setup } : {}),
          ...(golden.clock ? { clock: golden.clock } : {}),
          ...(golden.params ? { params: golden.params } : {}),
        };
        writeFileSync(file, `${JSON.stringify({ line: golden.line, ...given, ...real, ...expected, outputs: answer.outputs }, null, 2)}\n`);
        writeFileSync(mdFile, answer.readable);
      }
      expect(requests).toEqual(golden.expectedRequests ?? [golden.expectedRequest]);
      expect(answer.outputs).toEqual(golden.outputs);
      expect(answer.readable).toBe(readFileSync(mdFile, 'utf8'));
    } finally {
      await sim.close();
    }
  });
});
