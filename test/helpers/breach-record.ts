// One parsed model breach for the context and markdown tests (domain/model-breach-context,
// render/model-breach), with what a test changes given as overrides.
import type { BreachRecord } from '../../src/client/schemas.js';

export const BREACH_BASE_URL = 'https://dt.example.com';

export function breachRecord(overrides: Partial<BreachRecord> = {}): BreachRecord {
  return {
    pbid: 101,
    time: Date.UTC(2026, 2, 1, 1, 0, 0),
    score: 0.872,
    model: { then: { name: 'Device::Attack and Recon Tools', pid: 72, uuid: 'u-72', priority: 4, category: 'Suspicious', tags: ['AP: Recon'] } },
    device: { did: 1428, ip: '10.0.0.5', hostname: 'laptop-5', typename: 'laptop' },
    ...overrides,
  };
}
