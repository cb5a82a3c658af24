// The simulator's real-data mode as a function of the request: which recorded body answers.
import { describe, expect, it } from 'vitest';
import { RealData, loadRealCases, type RealCase } from '../../../src/simulator/real-data.js';
import type { RouteContext } from '../../../src/simulator/routes/route-kit.js';

function ctx(method: string, target: string): RouteContext {
  const [path, query = ''] = target.split('?');
  return { method, path: path!, query: new URLSearchParams(query), body: '', state: {} as never, nowMs: 0, baseUrl: '', shuffleSeed: 1 };
}

const breach = (pbid: unknown, creationTime: unknown, time: unknown = creationTime): Record<string, unknown> => ({ pbid, creationTime, time });
const CASE: RealCase = {
  name: 'modelbreaches/test',
  endpoint: 'modelbreaches',
  source: 'test',
  request: '',
  body: [breach(1, 1000), breach('2', '2000'), breach(3, null), breach(4, '2024-01-15 09:26:04')],
};

function answer(real: RealData, method: string, target: string): unknown {
  const result = real.answer(ctx(method, target));
  return result === undefined ? undefined : { status: result.status, body: JSON.parse(result.body) as unknown };
}

describe('RealData', () => {
  const real = new RealData([CASE]);

  it.each([
    { name: 'no window: every record', target: '/modelbreaches', pbids: [1, '2', 3, 4] },
    {
      name: 'creationTime window; a record without a readable time is always listed',
      target: '/modelbreaches?starttime=1500&endtime=2500&creationtime=true',
      pbids: ['2', 3],
    },
    { name: 'string times read as UTC', target: `/modelbreaches?starttime=${Date.UTC(2024, 0, 15)}`, pbids: [3, 4] },
    { name: 'pbid filter matches a numeric string', target: '/modelbreaches?pbid=2', pbids: ['2'] },
  ])('GET /modelbreaches, $name', ({ target, pbids }) => {
    expect((answer(real, 'GET', target) as { body: Array<{ pbid: unknown }> }).body.map((b) => b.pbid)).toEqual(pbids);
  });

  it('GET /modelbreaches/<pbid> serves the record as stored, or 404', () => {
    expect(answer(real, 'GET', '/modelbreaches/2')).toEqual({ status: 200, body: breach('2', '2000') });
    expect(answer(real, 'GET', '/modelbreaches/99')).toEqual({ status: 404, body: { error: 'Model breach 99 not found' } });
  });

  it('an endpoint without a selected case falls through to the generated dataset', () => {
    expect(real.answer(ctx('GET', '/status'))).toBeUndefined();
    expect(real.answer(ctx('GET', '/details'))).toBeUndefined();
  });

  it('loads the corpus; use() names a case it lacks in the error', () => {
    const corpus = new RealData(loadRealCases());
    expect(corpus.cases.length).toBeGreaterThan(30);
    expect(() => corpus.use(['modelbreaches/no-such-case'])).toThrow('no real-data case modelbreaches/no-such-case in test_data/real');
  });

  it('tags/entities answers by did with the by-did case and by tag with the by-tag case', () => {
    const corpus = new RealData(loadRealCases());
    expect(Array.isArray((answer(corpus, 'GET', '/tags/entities?did=1') as { body: unknown }).body)).toBe(true);
    expect((answer(corpus, 'GET', '/tags/entities?tag=Admin&fulldevicedetails=true') as { body: object }).body).toHaveProperty('devices');
  });
});
