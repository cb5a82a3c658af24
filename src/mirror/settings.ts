// The mirroring parameters of an instance (integration.yml, section Collect) and the mirror fields
// a fetched incident carries (reference/soar-conventions.md §4, darktrace-next.md §C.1). Defaults
// live in the manifest only: a Params built by hand without the mirroring parameters (tests of the
// fetcher, library users of old) simply has mirroring off.
import { ConfigError } from '../errors.js';

type MirrorDirection = 'None' | 'Incoming' | 'Outgoing' | 'Incoming And Outgoing';

/** XSOAR's dbotMirrorDirection for each mirror_direction (XDOC: In, Out, Both). */
const XSOAR_DIRECTION: Readonly<Record<MirrorDirection, 'In' | 'Out' | 'Both' | undefined>> = {
  None: undefined,
  Incoming: 'In',
  Outgoing: 'Out',
  'Incoming And Outgoing': 'Both',
};

export interface MirrorSettings {
  readonly direction: MirrorDirection;
  readonly incoming: boolean;
  readonly outgoing: boolean;
  /** Close the SOAR incident when Darktrace acknowledges it. */
  readonly closeIncident: boolean;
  /** Reopen the SOAR incident when Darktrace unacknowledges it. */
  readonly reopenOnUnack: boolean;
  /** Acknowledge in Darktrace when the SOAR incident is closed (unacknowledge when it is reopened). */
  readonly closeOut: boolean;
  /** SOAR entries with this tag go out as Darktrace comments. */
  readonly commentTag: string;
  /** The tag of the entries we bring in from Darktrace; such an entry never goes out again. */
  readonly fromDarktraceTag: string;
  /** Starts every comment we post; a Darktrace comment starting with it is never brought in. */
  readonly prefix: string;
  /** dbotMirrorInstance: the SOAR's name of this instance, when the platform gave it. */
  readonly instance: string | undefined;
}

// Any parameters object: typed Params, or one built by hand without the mirroring parameters.
type ParamValues = object;

function value(params: ParamValues, name: string): unknown {
  return (params as Readonly<Record<string, unknown>>)[name];
}

function textOrUndefined(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/** Whether this instance mirrors at all; false when mirror_direction is absent (Params built by hand). */
export function mirroringOn(params: ParamValues): boolean {
  const direction = value(params, 'mirror_direction');
  return typeof direction === 'string' && direction !== 'None' && direction in XSOAR_DIRECTION;
}

/** The settings; ConfigError naming every mirroring parameter the manifest did not resolve. */
export function mirrorSettings(params: ParamValues): MirrorSettings {
  const missing: string[] = [];
  const flag = (name: string): boolean => {
    const v = value(params, name);
    if (typeof v !== 'boolean') missing.push(name);
    return v === true;
  };
  const text = (name: string): string => {
    const v = value(params, name);
    if (typeof v !== 'string' || v.trim() === '') missing.push(name);
    return typeof v === 'string' ? v.trim() : '';
  };
  const rawDirection = value(params, 'mirror_direction');
  const direction = typeof rawDirection === 'string' && rawDirection in XSOAR_DIRECTION ? (rawDirection as MirrorDirection) : undefined;
  if (direction === undefined) missing.push('mirror_direction');
  const settings: MirrorSettings = {
    direction: direction ?? 'None',
    incoming: direction === 'Incoming' || direction === 'Incoming And Outgoing',
    outgoing: direction === 'Outgoing' || direction === 'Incoming And Outgoing',
    closeIncident: flag('close_incident'),
    reopenOnUnack: flag('reopen_on_unack'),
    closeOut: flag('close_out'),
    commentTag: text('comment_tag'),
    fromDarktraceTag: text('comment_from_darktrace_tag'),
    prefix: text('mirror_comment_prefix'),
    instance: textOrUndefined(value(params, 'mirror_instance')),
  };
  if (missing.length > 0) {
    throw new ConfigError(
      missing.map((parameter) => ({ parameter, message: 'required for mirroring; set it in the instance parameters (integration.yml declares it)' })),
    );
  }
  if (settings.commentTag === settings.fromDarktraceTag) {
    // Entries we bring in would carry the outgoing tag and go straight back out: an echo loop.
    throw new ConfigError([
      { parameter: 'comment_from_darktrace_tag', message: `must differ from comment_tag (both are ${JSON.stringify(settings.commentTag)})` },
    ]);
  }
  return settings;
}

export interface MirrorFields {
  readonly dbotMirrorId: string;
  readonly dbotMirrorDirection: 'In' | 'Out' | 'Both';
  readonly dbotMirrorInstance?: string;
  readonly dbotMirrorTags: string[];
}

/**
 * The mirror fields of one fetched incident (`id` is its dbotMirrorId), or nothing when the
 * instance does not mirror. The one place they are built: the fetcher calls it for every incident.
 */
export function mirrorFields(params: ParamValues, id: string): MirrorFields | Record<string, never> {
  if (!mirroringOn(params)) return {};
  const s = mirrorSettings(params);
  return {
    dbotMirrorId: id,
    dbotMirrorDirection: XSOAR_DIRECTION[s.direction]!,
    ...(s.instance === undefined ? {} : { dbotMirrorInstance: s.instance }),
    dbotMirrorTags: [s.commentTag],
  };
}
