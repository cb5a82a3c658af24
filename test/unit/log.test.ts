import { Writable } from 'node:stream';
import type { DestinationStream } from 'pino';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/log.js';

function capture() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  return { lines, destination: destination as unknown as DestinationStream };
}

describe('createLogger', () => {
  it('writes no raw control character, in message or field, and keeps the data', () => {
    const { lines, destination } = capture();
    const hostile = 'pc\x1b]0;owned\x07\x1b[2J\u009b\u202e\x7f';
    const log = createLogger({ level: 'info', destination });
    log.info({ hostname: hostile }, `device ${hostile}`);
    expect(lines).toHaveLength(1);
    const line = lines[0] ?? '';
    expect(line).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e]/);
    expect(JSON.parse(line)).toMatchObject({ hostname: hostile, msg: `device ${hostile}` });
  });

  it('redacts the secret parameters and signed headers', () => {
    const { lines, destination } = capture();
    const log = createLogger({ level: 'info', destination, secretParameters: ['private_api_token'] });
    log.info({ params: { private_api_token: 'canary-secret-123' }, req: { headers: { 'dtapi-signature': 'abc' } } }, 'x');
    expect(lines[0]).not.toContain('canary-secret-123');
    expect(JSON.parse(lines[0] ?? '{}')).toMatchObject({ params: { private_api_token: '[redacted]' }, req: { headers: { 'dtapi-signature': '[redacted]' } } });
  });
});
