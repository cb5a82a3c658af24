// confirmWrite decides what a write command reports when the write's answer was lost: the state
// read back, never a second write (issue #12 point 7).
import { describe, expect, it, vi } from 'vitest';
import { confirmWrite } from '../../../src/commands/confirm-write.js';
import { AuthError, NetworkError, RejectedError, TimeoutError, WriteNotAppliedError, WriteUnconfirmedError } from '../../../src/errors.js';

const REQ = { method: 'POST', path: '/modelbreaches/7/comments' };
const lost = (): WriteUnconfirmedError => new WriteUnconfirmedError('lost', REQ, { cause: new TimeoutError('slow', REQ) });

describe('confirmWrite', () => {
  it('a confirmed write is returned as is, nothing read back', async () => {
    const isApplied = vi.fn(async () => true);
    await expect(confirmWrite({ write: async () => 'tid 5', isApplied, what: 'w', where: 'x' })).resolves.toEqual({ verified: false, value: 'tid 5' });
    expect(isApplied).not.toHaveBeenCalled();
  });

  it.each([
    { name: 'refusal', err: new RejectedError('INPUT ERROR', REQ) },
    { name: 'auth', err: new AuthError('bad token', REQ) },
  ])('an explicit $name is rethrown unchanged, nothing read back', async ({ err }) => {
    const isApplied = vi.fn(async () => true);
    await expect(confirmWrite({ write: () => Promise.reject(err), isApplied, what: 'w', where: 'x' })).rejects.toBe(err);
    expect(isApplied).not.toHaveBeenCalled();
  });

  it('a lost answer with the change found reads as verified', async () => {
    await expect(confirmWrite({ write: () => Promise.reject(lost()), isApplied: async () => true, what: 'w', where: 'x' })).resolves.toEqual({
      verified: true,
    });
  });

  it('a lost answer with the change absent is DT_WRITE_NOT_APPLIED', async () => {
    const err = await confirmWrite({
      write: () => Promise.reject(lost()),
      isApplied: async () => false,
      what: 'the comment on model breach 7',
      where: "the breach's comments",
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WriteNotAppliedError);
    expect(err).toMatchObject({ code: 'DT_WRITE_NOT_APPLIED', exitCode: 1, request: REQ });
    expect((err as Error).message).toBe(
      "Darktrace did not confirm the comment on model breach 7 (DT_TIMEOUT), and reading the breach's comments back shows it " +
        'was not applied; it was sent once, not repeated. Run the command again.',
    );
  });

  it('a lost answer and a failed read-back stay DT_WRITE_UNCONFIRMED, naming both', async () => {
    const err = await confirmWrite({
      write: () => Promise.reject(lost()),
      isApplied: () => Promise.reject(new NetworkError('down')),
      what: 'tagging device 1 with "Admin"',
      where: "the device's tags",
    }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'DT_WRITE_UNCONFIRMED', request: REQ });
    expect((err as Error).message).toContain("(DT_TIMEOUT) and reading the device's tags back failed too (DT_NETWORK)");
    expect((err as Error).message).toContain("Check the device's tags before running the command again.");
  });
});
