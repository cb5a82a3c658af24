// Many appliances for `poll --all` tests and the bench (issue #7): healthy instances spread over a
// few simulators, each instance with its own tokens, and three that fail independently, each in
// its own way: nothing listening on the port, an appliance answering 503 to everything, and a
// token the appliance does not know.
import { once } from 'node:events';
import { createServer, type AddressInfo } from 'node:net';
import type { SimulatorDataset } from './dataset.js';
import { startSimulator, type RunningSimulator, type SimulatorToken } from './server.js';

interface FleetInstance {
  readonly url: string;
  readonly public_api_token: string;
  readonly private_api_token: string;
}

/** The failing instances and the error code each one's cycles fail with. */
export const FLEET_FAILING = [
  { name: 'down-closed-port', code: 'DT_NETWORK' },
  { name: 'down-503', code: 'DT_SERVER' },
  { name: 'down-bad-token', code: 'DT_AUTH' },
] as const;

export interface Fleet {
  /** Healthy names first (appliance-01 ...), then the failing ones: the config file's `instances`. */
  readonly instances: Readonly<Record<string, FleetInstance>>;
  readonly healthy: readonly string[];
  /** The simulator serving a healthy instance (live state: push breaches between cycles). */
  simulatorOf(name: string): RunningSimulator;
  readonly simulators: readonly RunningSimulator[];
  close(): Promise<void>;
}

/** A loopback port nothing listens on: bound, then released. */
async function closedPort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  server.close();
  await once(server, 'close');
  return port;
}

const tokensOf = (name: string): SimulatorToken => ({ publicToken: `pub-${name}`, privateToken: `priv-${name}` });
const instanceOf = (url: string, name: string): FleetInstance => ({ url, public_api_token: `pub-${name}`, private_api_token: `priv-${name}` });

/** `healthy` instances round-robin over `simulators` simulators, dataset(k) for the k-th, plus FLEET_FAILING. */
export async function startFleet(o: { healthy: number; simulators: number; dataset: (k: number) => SimulatorDataset }): Promise<Fleet> {
  const healthy = Array.from({ length: o.healthy }, (_, i) => `appliance-${String(i + 1).padStart(2, '0')}`);
  const simulators = await Promise.all(
    Array.from({ length: o.simulators }, (_, k) =>
      startSimulator({ tokens: healthy.filter((_, i) => i % o.simulators === k).map(tokensOf), dataset: o.dataset(k), shuffleSeed: k + 1 }),
    ),
  );
  const down = await startSimulator({ tokens: [tokensOf('down-503')] });
  down.faults.push({ kind: 'status', status: 503, body: 'Service Unavailable' }, 1_000_000);
  const simulatorOf = (name: string): RunningSimulator => {
    const i = healthy.indexOf(name);
    if (i < 0) throw new RangeError(`startFleet: ${name} is not a healthy instance`);
    return simulators[i % o.simulators]!;
  };
  const instances: Record<string, FleetInstance> = {};
  for (const name of healthy) instances[name] = instanceOf(simulatorOf(name).url, name);
  instances['down-closed-port'] = instanceOf(`http://127.0.0.1:${await closedPort()}`, 'down-closed-port');
  instances['down-503'] = instanceOf(down.url, 'down-503');
  instances['down-bad-token'] = instanceOf(simulators[0]!.url, 'down-bad-token');
  return {
    instances,
    healthy,
    simulatorOf,
    simulators,
    close: async () => {
      await Promise.all([...simulators, down].map((s) => s.close()));
    },
  };
}
