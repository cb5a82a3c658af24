import { describe, expect, it } from 'vitest';
import { BREACH_BASE_URL, breachRecord } from '../../helpers/breach-record.js';
import { BreachRecordSchema } from '../../../src/client/schemas.js';
import { modelBreachContext } from '../../../src/domain/model-breach-context.js';
import { renderModelBreach } from '../../../src/render/model-breach.js';

const BASE = BREACH_BASE_URL;
const breach = breachRecord;

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
