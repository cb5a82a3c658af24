// The response schemas read what real appliances send (reference/darktrace-api.md §5.1): null for
// an optional field, numbers as numeric strings, times as strings, booleans as "true"/"false".
// What cannot be read is left out, never a failure of the record; required ids still fail.
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import {
  AnalyzeResponseSchema,
  BreachRecordSchema,
  CommentSchema,
  DetailsEventSchema,
  DeviceInfoEntrySchema,
  DeviceSchema,
  TagEntitiesResponseSchema,
  TagSchema,
} from '../../../src/client/schemas.js';

const read = (schema: z.ZodType, value: unknown) => schema.safeParse(value);

describe('lenient response schemas', () => {
  it.each([
    {
      name: 'breach: numbers as strings',
      schema: BreachRecordSchema,
      raw: { pbid: '30960', score: '0.592', creationTime: '1674522271000' },
      want: { pbid: 30960, score: 0.592, creationTime: 1674522271000 },
    },
    {
      name: 'breach: time as "YYYY-MM-DD HH:MM:SS"',
      schema: BreachRecordSchema,
      raw: { pbid: 1, time: '2024-01-15 09:26:04' },
      want: { pbid: 1, time: Date.UTC(2024, 0, 15, 9, 26, 4) },
    },
    {
      name: 'breach: acknowledged object',
      schema: BreachRecordSchema,
      raw: { pbid: 1, acknowledged: { time: 5, username: 'a' } },
      want: { acknowledged: { time: 5, username: 'a' } },
    },
    {
      name: 'breach: acknowledged a number is left out',
      schema: BreachRecordSchema,
      raw: { pbid: 1, acknowledged: 1 },
      want: { pbid: 1, acknowledged: undefined },
    },
    {
      name: 'breach: model null, device null',
      schema: BreachRecordSchema,
      raw: { pbid: 1, model: null, device: null },
      want: { pbid: 1, model: undefined, device: undefined },
    },
    {
      name: 'device: no did, credentials strings',
      schema: DeviceSchema,
      raw: { hostname: 'h', credentials: ['jdoe', { credential: 'x', lastSeen: '5' }] },
      want: { hostname: 'h', credentials: ['jdoe', { credential: 'x', lastSeen: 5 }] },
    },
    { name: 'device: did -1, ip null', schema: DeviceSchema, raw: { did: -1, ip: null }, want: { did: -1, ip: undefined } },
    {
      name: 'tag: booleans as strings (IBM)',
      schema: TagSchema,
      raw: { tid: '9', name: 'Admin', restricted: 'false', isReferenced: 'true' },
      want: { tid: 9, restricted: false, isReferenced: true },
    },
    {
      name: 'details: ddid null (external peer)',
      schema: DetailsEventSchema,
      raw: { timems: 1, sdid: 1428, ddid: null },
      want: { sdid: 1428, ddid: undefined },
    },
    { name: 'comment: time as string', schema: CommentSchema, raw: { time: '1597837975000', message: 'm' }, want: { time: 1597837975000, message: 'm' } },
    {
      name: 'deviceinfo: did as string, a bad graph point drops the graph',
      schema: DeviceInfoEntrySchema,
      raw: { did: '1', graphData: [{ time: 1, count: null }] },
      want: { did: 1, graphData: undefined },
    },
    {
      name: 'analyze: count as string',
      schema: AnalyzeResponseSchema,
      raw: { hits: { hits: [{ id: 'a', count: '3' }] } },
      want: { hits: { hits: [{ id: 'a', count: 3 }] } },
    },
    {
      name: 'tag entities: null lists are empty',
      schema: TagEntitiesResponseSchema,
      raw: { entities: null, devices: null },
      want: { entities: [], devices: [] },
    },
  ])('$name', ({ schema, raw, want }) => {
    const result = read(schema, raw);
    expect(result.success).toBe(true);
    expect(result.data).toMatchObject(want);
  });

  it.each([
    { name: 'a breach without a pbid', schema: BreachRecordSchema, raw: { score: 0.5 }, path: 'pbid' },
    { name: 'a breach whose pbid is not a number', schema: BreachRecordSchema, raw: { pbid: 'abc' }, path: 'pbid' },
    { name: 'a tag without a name', schema: TagSchema, raw: { tid: 1, name: null }, path: 'name' },
  ])('still refused: $name, naming $path', ({ schema, raw, path }) => {
    const result = read(schema, raw);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual([path]);
  });
});
