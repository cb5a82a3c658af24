// What delivery writes (issue #14): the JSON lines of a cycle's incidents in pieces of whole lines,
// the same text as the one string they used to be, never one piece for the whole cycle.
import { describe, expect, it } from 'vitest';
import { incidentLines } from '../../../src/incidents/incident-lines.js';
import type { Incident } from '../../../src/incidents/source.js';

const incident = (i: number): Incident => ({
  name: `Darktrace Model Breach ${i}: M on host-${i}`,
  occurred: '2026-03-01T10:00:00.000Z',
  severity: 3,
  dbotMirrorId: String(i),
  rawJSON: JSON.stringify({ pbid: i, note: 'x'.repeat(1_000) }),
});

describe('incidentLines', () => {
  it('gives the lines of 3,000 incidents in pieces of whole lines, about a megabyte each, together the one-string form', () => {
    const incidents = Array.from({ length: 3_000 }, (_, i) => incident(i + 1));
    const pieces = [...incidentLines(incidents)];
    expect(pieces.join('')).toBe(incidents.map((i) => `${JSON.stringify(i)}\n`).join(''));
    expect(pieces.length).toBeGreaterThan(2);
    for (const piece of pieces) {
      expect(piece.endsWith('\n')).toBe(true);
      expect(piece.length).toBeLessThan(2 ** 20 + 2_000);
    }
  });

  it('tags each line with the instance when asked, first', () => {
    const [piece] = [...incidentLines([incident(1), incident(2)], 'east')];
    expect(
      piece!
        .split('\n')
        .filter(Boolean)
        .map((l) => Object.keys(JSON.parse(l) as object)[0]),
    ).toEqual(['instance', 'instance']);
    expect(JSON.parse(piece!.split('\n')[0]!)).toEqual({ instance: 'east', ...incident(1) });
  });

  it('gives nothing for no incidents', () => {
    expect([...incidentLines([])]).toEqual([]);
  });
});
