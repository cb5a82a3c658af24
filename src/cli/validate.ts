// `darktrace-soar validate --ips A,B --hostnames H --start <action time> [--now <time>]`: the whole
// security-validation job of seed 001 from the command line. Without --now the job waits in real
// time for runs not yet due; with --now a manual clock starts there and is moved forward instead of
// waiting, so a test (or a replay of a past action) finishes at once. That clock only schedules the
// windows: requests are still signed with the system clock, which the appliance checks.
import { fixedClock, systemClock } from '../clock.js';
import { UsageError } from '../errors.js';
import { coerceDeclared, parameterDeclared } from '../manifest/coerce.js';
import { loadManifest } from '../manifest/load.js';
import { parseIsoDateTime, parseRelativeTime, RELATIVE_TIME_FORM } from '../relative-time.js';
import { advanceTo, planValidation, renderValidationResult, sleepUntil, validationOutputs } from '../api/validation.js';
import { createProgress, timeOfDayUtc } from './progress.js';
import { openCliInstance } from './instance.js';
import type { CliIo, GlobalOptions } from './io.js';
import { present } from './present.js';

export interface ValidateOptions {
  readonly ips?: string | undefined;
  readonly hostnames?: string | undefined;
  readonly start?: string | undefined;
  readonly now?: string | undefined;
  readonly query?: string | undefined;
  readonly queryTime?: string | undefined;
  readonly delayTime?: string | undefined;
  readonly queryInterval?: string | undefined;
}

export const VALIDATE_USAGE =
  'validate --start TIME (--ips A,B | --hostnames H) [--now TIME] [--query Q] [--query-time MIN] [--delay-time MIN] [--query-interval SEC]';

function list(text: string | undefined): string[] {
  return (text ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/** A schedule flag overrides its instance parameter, so it takes that parameter's declared type and bounds. */
function scheduleFlag(flag: string, parameter: 'query_time' | 'delay_time' | 'query_interval', text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const declaration = loadManifest().configuration.find((p) => p.name === parameter);
  const result = declaration === undefined ? undefined : coerceDeclared(parameterDeclared(declaration), text, systemClock);
  if (result?.ok !== true || typeof result.value !== 'number') {
    throw new UsageError(`--${flag}: ${result?.ok === false ? result.message : 'expected a whole number'}, got ${JSON.stringify(text)}`);
  }
  return result.value;
}

export async function runValidate(o: ValidateOptions, global: GlobalOptions, io: CliIo): Promise<number> {
  let manual: ReturnType<typeof fixedClock> | undefined;
  if (o.now !== undefined) {
    const nowMs = parseIsoDateTime(o.now.trim());
    if (nowMs === undefined) throw new UsageError(`--now: expected an ISO-8601 date-time, got ${JSON.stringify(o.now)}`);
    manual = fixedClock(nowMs);
  }
  const clock = manual ?? systemClock;
  if (o.start === undefined) throw new UsageError(`validate needs --start, the action time\nusage: darktrace-soar ${VALIDATE_USAGE}`);
  const actionTimeMs = parseRelativeTime(o.start, clock);
  if (actionTimeMs === undefined) throw new UsageError(`--start: expected ${RELATIVE_TIME_FORM}, got ${JSON.stringify(o.start)}`);
  const overrides = {
    queryTimeMin: scheduleFlag('query-time', 'query_time', o.queryTime),
    delayMin: scheduleFlag('delay-time', 'delay_time', o.delayTime),
    queryIntervalSec: scheduleFlag('query-interval', 'query_interval', o.queryInterval),
  };
  const instance = openCliInstance(global, io);
  try {
    const plan = planValidation(instance.params, {
      ips: list(o.ips),
      hostnames: list(o.hostnames),
      query: o.query,
      actionTimeMs,
      overrides,
      context: 'validate',
    });
    // The job's own schedule, to say on a terminal how far it is: windows whose run time has come
    // are done (the job waits only before a run that is not due yet).
    const { runAts } = plan;
    const progress = createProgress(io);
    const wait = manual ? advanceTo(manual) : sleepUntil(systemClock);
    let result;
    try {
      result = await plan.run({
        client: instance.client(),
        clock,
        wait: async (untilMs) => {
          const done = runAts.filter((at) => at < untilMs).length;
          progress.show(`validate: ${done}/${runAts.length} windows done, next run at ${timeOfDayUtc(untilMs)}`);
          await wait(untilMs);
        },
      });
    } finally {
      progress.done();
    }
    io.out(global.json ? `${JSON.stringify(validationOutputs(result))}\n` : present(renderValidationResult(result), io, global));
    // A fail verdict is a result, not an error: exit codes stay 0 ok, 1 appliance, 2 usage.
    return 0;
  } finally {
    await instance.close();
  }
}
