import { describe, expect, it } from 'vitest';
import { BreachRecordSchema, type BreachRecord } from '../../../src/client/schemas.js';
import { modelBreachContext } from '../../../src/domain/model-breach-context.js';
import { renderModelBreach } from '../../../src/render/model-breach.js';

const BASE = 'https://dt.example.com';

function breach(overrides: Partial<BreachRecord> = {}): BreachRecord {
  return {
    pbid: 101,
    time: Date.UTC(2026, 2, 1, 1, 0, 0),
    score: 0.872,
    model: { then: { name: 'Device::Attack and Recon Tools', pid: 72, uuid: 'u-72', priority: 4, category: 'Suspicious', tags: ['AP: Recon'] } },
    device: { did: 1428, ip: '10.0.0.5', hostname: 'laptop-5', typename: 'laptop' },
    ...overrides,
  };
}

describe('renderModelBreach: shapes real appliances send (reference §5.1)', () => {
  const read = (raw: Record<string, unknown>) => BreachRecordSchema.parse({ ...breach(), ...raw });

  it('a System breach reads "System" in markdown, never device -1', () => {
    const md = renderModelBreach(modelBreachContext(read({ device: { did: -1 } }), { baseUrl: BASE }));
    expect(md).toContain('| device did | System |');
    expect(md).not.toContain('-1');
  });

  it('an acknowledged object shows by whom and when in markdown', () => {
    const md = renderModelBreach(modelBreachContext(read({ acknowledged: { time: 1733838122000, username: 'a1' } }), { baseUrl: BASE }));
    expect(md).toContain('| acknowledged | true |\n| acknowledged by | a1 |\n| acknowledged at | 2024-12-10T13:42:02.000Z |');
  });
});

describe('renderModelBreach', () => {
  it('shows N/A for what the appliance left out', () => {
    const md = renderModelBreach(modelBreachContext(breach({ device: { did: 7 } }), { baseUrl: BASE }));
    expect(md).toContain('| hostname | N/A |');
    expect(md).toContain('| commentCount | N/A |');
    expect(md).toContain('| score | 0.872 |');
    expect(md).not.toContain('Triggered components');
  });

  it('escapes pipes in model names', () => {
    const md = renderModelBreach(modelBreachContext(breach({ model: { then: { name: 'A|B', pid: 1 } } }), { baseUrl: BASE }));
    expect(md).toContain('| model | A\\|B |');
  });
});
