// `npm run generate`: writes src/manifest/command-args.generated.ts, one interface per command with
// its arguments as args.ts hands them to the handler, so integration.yml stays the only place an
// argument is declared and a handler still gets TypeScript types. The file is committed (handlers
// type-check without a build step); test/contract/add-a-command.test.ts fails when it is stale.
import { readFileSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { packagePath } from '../paths.js';
import { parseManifest } from './load.js';
import type { Argument, Command, Manifest } from './schema.js';

export const COMMAND_ARGS_FILE = ['src', 'manifest', 'command-args.generated.ts'] as const;

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

function main(): void {
  const manifest = parseManifest(readFileSync(packagePath('integration.yml'), 'utf8'));
  writeFileSync(packagePath(...COMMAND_ARGS_FILE), renderCommandArgs(manifest));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main();
