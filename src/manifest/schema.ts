// The zod schema of integration.yml, the single source of truth for instance parameters, commands,
// their arguments and their context outputs. The shape follows the XSOAR integration YAML
// (reference/soar-conventions.md §1); the few keys XSOAR lacks for validation (`format` on
// parameters, `type`/`min`/`max`/`maxLength` on arguments) are our extensions and are ignored by
// platforms that do not know them. `aliases` (parameters, arguments) is ours too.
import { z } from 'zod';

/** XSOAR parameter types used here: 0 short text, 4 encrypted, 8 boolean, 12 long text. */
export const PARAM_TYPE = { shortText: 0, encrypted: 4, boolean: 8, longText: 12 } as const;

const ParameterFormatSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('string'), maxLength: z.number().int().positive().optional() }),
  z.object({ kind: z.literal('url') }),
  z.object({ kind: z.literal('boolean') }),
  z.object({
    kind: z.literal('integer'),
    min: z.number().int().optional(),
    max: z.number().int().optional(),
  }),
  z.object({ kind: z.literal('relative-time') }),
  z.object({ kind: z.literal('json'), shape: z.enum(['object', 'array', 'any']).default('any') }),
  z.object({ kind: z.literal('predefined'), options: z.array(z.string()).min(1) }),
]);

const NameSchema = z.string().regex(/^[A-Za-z][A-Za-z0-9_]*$/);

/**
 * Other names a value is also accepted under: the names the public XSOAR Darktrace integrations
 * use for the same thing (test_data/xsoar/comparison.md), so that their playbooks and instance
 * settings run unchanged. Exact names, declared one by one per command (`deviceId` is an alias of
 * `did` on one command and a real argument on another); giving a name and its alias together is
 * an error. Downstream code only ever sees the canonical `name`.
 */
const AliasesSchema = z.array(NameSchema).min(1).optional();

const ParameterSchema = z.object({
  name: NameSchema,
  aliases: AliasesSchema,
  display: z.string(),
  type: z.number().int(),
  required: z.boolean().default(false),
  defaultvalue: z.string().optional(),
  additionalinfo: z.string().optional(),
  section: z.enum(['Connect', 'Collect', 'Validate']).optional(),
  advanced: z.boolean().optional(),
  format: ParameterFormatSchema,
});
export type Parameter = z.infer<typeof ParameterSchema>;

/** How a war-room string becomes a typed value (see manifest/args.ts). */
const ArgumentTypeSchema = z.enum([
  'string',
  'integer',
  'number',
  'boolean',
  'date', // YYYY-MM-DD, a real calendar date
  'time', // HH:MM:SS, a real time of day
  'datetime', // ISO-8601 or "N units [ago]" -> epoch ms
  'ip',
  'hostname',
  'json',
]);

const ArgumentSchema = z.object({
  name: NameSchema,
  aliases: AliasesSchema,
  description: z.string(),
  required: z.boolean().default(false),
  defaultValue: z.string().optional(),
  isArray: z.boolean().default(false),
  auto: z.literal('PREDEFINED').optional(),
  predefined: z.array(z.string()).min(1).optional(),
  secret: z.boolean().optional(),
  type: ArgumentTypeSchema.default('string'),
  min: z.number().optional(),
  max: z.number().optional(),
  maxLength: z.number().int().positive().optional(),
});
export type Argument = z.infer<typeof ArgumentSchema>;

const OutputSchema = z.object({
  contextPath: z.string().regex(/^[A-Za-z][A-Za-z0-9]*(\.[A-Za-z0-9_]+)*$/),
  type: z.enum(['String', 'Number', 'Boolean', 'Date', 'Unknown']),
  description: z.string(),
});

export const CommandSchema = z.object({
  // Mixed case is allowed for XSOAR DarktraceAIA's darktrace-get-ai-analyst-incident-group-from-eventId.
  name: z.string().regex(/^darktrace-[a-zA-Z0-9-]+$/),
  description: z.string(),
  arguments: z.array(ArgumentSchema).default([]),
  outputs: z.array(OutputSchema).default([]),
  execution: z.boolean().optional(),
  example: z.string().optional(),
});
export type Command = z.infer<typeof CommandSchema>;

export const ManifestSchema = z
  .object({
    commonfields: z.object({ id: z.string(), version: z.number() }),
    name: z.string(),
    display: z.string(),
    category: z.string(),
    description: z.string(),
    detaileddescription: z.string().optional(),
    fromversion: z.string().optional(),
    sectionOrder: z.array(z.string()).optional(),
    configuration: z.array(ParameterSchema).min(1),
    script: z.object({
      type: z.string().optional(),
      subtype: z.string().optional(),
      isfetch: z.boolean(),
      ismappable: z.boolean().optional(),
      commands: z.array(CommandSchema).min(1),
    }),
  })
  .superRefine((manifest, ctx) => {
    const parameters = new Set<string>();
    for (const [i, parameter] of manifest.configuration.entries()) {
      for (const name of [parameter.name, ...(parameter.aliases ?? [])]) {
        if (parameters.has(name)) ctx.addIssue({ code: 'custom', path: ['configuration', i], message: `duplicate parameter or alias ${name}` });
        parameters.add(name);
      }
    }
    const seen = new Set<string>();
    for (const [i, command] of manifest.script.commands.entries()) {
      if (seen.has(command.name)) {
        ctx.addIssue({ code: 'custom', path: ['script', 'commands', i, 'name'], message: `duplicate command ${command.name}` });
      }
      seen.add(command.name);
      const args = new Set<string>();
      for (const [j, arg] of command.arguments.entries()) {
        for (const name of [arg.name, ...(arg.aliases ?? [])]) {
          if (args.has(name)) {
            ctx.addIssue({ code: 'custom', path: ['script', 'commands', i, 'arguments', j], message: `duplicate argument or alias ${name}` });
          }
          args.add(name);
        }
        if (arg.auto === 'PREDEFINED' && !arg.predefined) {
          ctx.addIssue({ code: 'custom', path: ['script', 'commands', i, 'arguments', j], message: 'auto PREDEFINED needs predefined values' });
        }
      }
    }
  });
export type Manifest = z.infer<typeof ManifestSchema>;

/** Parameters whose values must never be printed: encrypted (type 4) ones. */
export function secretParameterNames(manifest: Pick<Manifest, 'configuration'>): string[] {
  return manifest.configuration.filter((p) => p.type === PARAM_TYPE.encrypted).map((p) => p.name);
}
