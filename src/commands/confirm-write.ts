// A write whose answer was lost is never sent again (issue #12 point 7): the appliance may have
// applied it, and a second comment or tag would be the analyst's to clean up. Instead the command
// reads the state back and reports what it found: applied (verified), not applied (an error with
// its own code, safe to run again), or still unknown when the read fails too.
import { WriteNotAppliedError, WriteUnconfirmedError, isDarktraceSoarError } from '../errors.js';

export type WriteOutcome<T> = { readonly verified: false; readonly value: T } | { readonly verified: true };

export interface ConfirmWrite<T> {
  readonly write: () => Promise<T>;
  /** Whether the appliance now shows the change; only called when the write's answer was lost. */
  readonly isApplied: () => Promise<boolean>;
  /** The change in the analyst's words: "the comment on model breach 30952". */
  readonly what: string;
  /** Where it was looked for: "the breach's comments". */
  readonly where: string;
}

export async function confirmWrite<T>(change: ConfirmWrite<T>): Promise<WriteOutcome<T>> {
  try {
    return { verified: false, value: await change.write() };
  } catch (err) {
    if (!(err instanceof WriteUnconfirmedError)) throw err;
    const request = err.request;
    const lost = isDarktraceSoarError(err.cause) ? err.cause.code : 'no answer';
    let applied: boolean;
    try {
      applied = await change.isApplied();
    } catch (readErr) {
      const code = isDarktraceSoarError(readErr) ? readErr.code : 'error';
      throw new WriteUnconfirmedError(
        `Darktrace did not confirm ${change.what} (${lost}) and reading ${change.where} back failed too (${code}): it may or may not ` +
          `have been applied. Check ${change.where} before running the command again.`,
        request,
        { cause: err },
      );
    }
    if (applied) return { verified: true };
    throw new WriteNotAppliedError(
      `Darktrace did not confirm ${change.what} (${lost}), and reading ${change.where} back shows it was not applied; it was sent once, not ` +
        `repeated. Run the command again.`,
      request,
      { cause: err },
    );
  }
}
