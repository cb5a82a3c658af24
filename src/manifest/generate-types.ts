// `npm run generate`: writes the two TypeScript files integration.yml declares, so it stays the only
// place an argument or a parameter is declared and the code still gets TypeScript types:
// src/manifest/command-args.generated.ts, one interface per command with its arguments as args.ts
// hands them to the handler, and src/manifest/params.generated.ts, the Params type every reader
// of an instance parameter is checked against. Both are committed (the code type-checks without a
// build step); test/contract/add-a-command.test.ts and test/unit/manifest/params-generated.test.ts
// fail when either is stale.
import { readFileSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { packagePath } from '../paths.js';
import { parameterDeclared, type ValueType } from './coerce.js';
import { parseManifest } from './load.js';
import type { Argument, Command, Manifest, Parameter } from './schema.js';

export const COMMAND_ARGS_FILE = ['src', 'manifest', 'command-args.generated.ts'] as const;
export const PARAMS_FILE = ['src', 'manifest', 'params.generated.ts'] as const;

/**
 * The TypeScript type of one coerced argument value, mirroring coerceOne in args.ts: a predefined
 * value keeps its canonical spelling (a union of literals), datetime becomes epoch ms, json any value.
 */
export function argumentTsType(arg: Argument): string {
  const one = arg.predefined ? arg.predefined.map((p) => `'${p.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`).join(' | ') : SCALAR[arg.type];
  if (!arg.isArray) return one;
  return arg.predefined && arg.predefined.length > 1 ? `(${one})[]` : `${one}[]`;
}

const SCALAR: Record<Argument['type'], string> = {
  string: 'string',
  integer: 'number',
  number: 'number',
  boolean: 'boolean',
  date: 'string', // YYYY-MM-DD as given
  time: 'string', // HH:MM:SS as given
  datetime: 'number', // epoch ms
  ip: 'string',
  hostname: 'string',
  json: 'unknown',
};

/** darktrace-get-similar-devices -> GetSimilarDevicesArgs */
function interfaceName(command: Command): string {
  const words = command.name.replace(/^darktrace-/, '').split('-');
  return `${words.map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join('')}Args`;
}

function docComment(text: string): string {
  return text.replace(/\s+/g, ' ').replace(/\*\//g, '*\\/').trim();
}

function renderInterface(command: Command): string {
  const name = interfaceName(command);
  if (command.arguments.length === 0) return `type ${name} = Record<string, never>;\n`;
  // An argument is always present when it is required or has a default: args.ts fills the default in.
  const fields = command.arguments.map((arg) => {
    const optional = arg.required || arg.defaultValue !== undefined ? '' : '?';
    return `  /** ${docComment(arg.description)} */\n  readonly ${arg.name}${optional}: ${argumentTsType(arg)};\n`;
  });
  return `interface ${name} {\n${fields.join('')}}\n`;
}

/** The whole generated file, prettier-stable (printWidth 160, single quotes). */
export function renderCommandArgs(manifest: Pick<Manifest, 'script'>): string {
  const commands = manifest.script.commands;
  const header =
    '// Generated from integration.yml by src/manifest/generate-types.ts: do not edit, run `npm run generate`.\n' +
    '// The arguments of each command as src/manifest/args.ts hands them to its handler (defineCommand looks them up by name).\n';
  const map = commands.map((c) => `  '${c.name}': ${interfaceName(c)};\n`).join('');
  return `${header}\n${commands.map(renderInterface).join('\n')}\nexport interface CommandArgs {\n${map}}\n`;
}

/** The TypeScript type of one coerced parameter value (config/params.ts, through coerce.ts). */
export function parameterTsType(type: ValueType): string {
  switch (type.kind) {
    case 'boolean':
      return 'boolean';
    case 'integer':
    case 'number':
      return 'number';
    case 'predefined':
      // Single quotes, as prettier writes them (the generated file is checked by prettier too).
      return type.options.map((o) => `'${o.replace(/[\\']/g, '\\$&')}'`).join(' | ');
    case 'json':
      return type.shape === 'object' ? 'Readonly<Record<string, unknown>>' : type.shape === 'array' ? 'readonly unknown[]' : 'unknown';
    case 'datetime':
      return 'number';
    default:
      return 'string';
  }
}

function parameterDoc(p: Parameter): string {
  const lines = [p.display.endsWith('.') ? p.display : `${p.display}.`, ...(p.additionalinfo ? [p.additionalinfo] : [])];
  if (p.defaultvalue !== undefined) lines.push(`Default: ${JSON.stringify(p.defaultvalue)}.`);
  return ['  /**', ...lines.map((l) => `   * ${l.replaceAll('*/', '*\\/')}`), '   */'].join('\n');
}

/** The whole params file: one member per parameter, optional when it is neither required nor defaulted. */
export function renderParams(manifest: Pick<Manifest, 'configuration'>): string {
  const members = manifest.configuration.map((p) => {
    const optional = !p.required && p.defaultvalue === undefined ? '?' : '';
    return `${parameterDoc(p)}\n  readonly ${p.name}${optional}: ${parameterTsType(parameterDeclared(p).type)};`;
  });
  return [
    '// Generated from integration.yml by src/manifest/generate-types.ts: do not edit, run `npm run generate`.',
    '',
    '/** Instance parameters after coercion (config/params.ts): every declared parameter, typed as integration.yml declares it. */',
    'export interface Params {',
    members.join('\n'),
    '}',
    '',
  ].join('\n');
}

function main(): void {
  const manifest = parseManifest(readFileSync(packagePath('integration.yml'), 'utf8'));
  writeFileSync(packagePath(...COMMAND_ARGS_FILE), renderCommandArgs(manifest));
  writeFileSync(packagePath(...PARAMS_FILE), renderParams(manifest));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main();
