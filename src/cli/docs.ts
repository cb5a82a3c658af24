// `npm run docs`: writes the README's reference (instance parameters, and every command with its
// arguments, context outputs, an example and the example's output from a run against the embedded
// simulator) between two markers. `--check` only compares, for CI: a stale README fails the build.
// The output is deterministic: the simulator's data has fixed times, the examples fixed arguments,
// and the simulator's random loopback URL is replaced by a placeholder.
import { readFileSync, writeFileSync } from 'node:fs';
import { UsageError } from '../errors.js';
import { labelWithAliases } from '../manifest/aliases.js';
import { loadManifest } from '../manifest/load.js';
import type { Command, Parameter } from '../manifest/schema.js';
import { PARAM_TYPE } from '../manifest/schema.js';
import { demoteHeadings, joinSections, renderCodeBlock, renderHeading, renderTable } from '../render/markdown.js';
import { packagePath } from '../paths.js';
import { startSimulator, SIMULATOR_TOKENS } from '../simulator/server.js';
import { argumentRows, outputRows } from './help.js';
import type { CliIo } from './io.js';
import { main } from './main.js';

export const BEGIN_MARKER = '<!-- BEGIN GENERATED REFERENCE: edit integration.yml, then run `npm run docs` -->';
export const END_MARKER = '<!-- END GENERATED REFERENCE -->';
export const PLACEHOLDER_URL = 'https://darktrace.example.com';

/** The reference section, from the manifest and one run of every example against a fresh simulator. */
export async function generateReference(): Promise<string> {
  const manifest = loadManifest();
  const simulator = await startSimulator({ port: 0 });
  const env = {
    DARKTRACE_URL: simulator.url,
    DARKTRACE_PUBLIC_API_TOKEN: SIMULATOR_TOKENS.publicToken,
    DARKTRACE_PRIVATE_API_TOKEN: SIMULATOR_TOKENS.privateToken,
  };
  try {
    const sections: string[] = [
      renderHeading('Reference', 2),
      `Generated from \`integration.yml\` by \`npm run docs\`; the example outputs come from a run against the embedded simulator (its URL shown as ${PLACEHOLDER_URL}).`,
      demoteHeadings(renderTable('Instance parameters', manifest.configuration.map(parameterRow)), 0),
      demoteHeadings(
        renderTable(
          'Commands',
          manifest.script.commands.map((c) => ({ command: `[\`${c.name}\`](#${c.name})`, description: c.description })),
        ),
        0,
      ),
    ];
    for (const command of manifest.script.commands) sections.push(await commandSection(command, env, simulator.url));
    return joinSections(...sections).replaceAll(simulator.url, PLACEHOLDER_URL);
  } finally {
    await simulator.close();
  }
}

async function commandSection(command: Command, env: Record<string, string>, url: string): Promise<string> {
  const parts = [
    renderHeading(command.name, 4),
    command.description,
    demoteHeadings(renderTable('Arguments', argumentRows(command), { emptyText: 'This command takes no arguments.' }), 2),
    demoteHeadings(renderTable('Context outputs', outputRows(command), { emptyText: 'This command writes no context.' }), 2),
  ];
  if (command.example) {
    let out = '';
    let err = '';
    const io: CliIo = { out: (t) => (out += t), err: (t) => (err += t), env, stdoutIsTty: false };
    const code = await main(['run', command.example], io);
    if (code !== 0) throw new Error(`docs: the example of ${command.name} failed against the simulator: ${err.trim()}`);
    parts.push('Example:', renderCodeBlock(command.example), demoteHeadings(out.replaceAll(url, PLACEHOLDER_URL), 3));
  }
  return joinSections(...parts);
}

function parameterRow(p: Parameter): Record<string, string> {
  return {
    parameter: labelWithAliases(p),
    display: p.display,
    required: p.required ? 'yes' : 'no',
    accepts: describeFormat(p),
    default: p.defaultvalue ?? '',
  };
}

function describeFormat(p: Parameter): string {
  const secret = p.type === PARAM_TYPE.encrypted ? ' (secret: never printed)' : '';
  const f = p.format;
  switch (f.kind) {
    case 'string':
      return `text${f.maxLength ? ` up to ${f.maxLength} characters` : ''}${secret}`;
    case 'url':
      return 'http(s) URL, optional port and path prefix';
    case 'boolean':
      return 'true or false';
    case 'integer':
      return f.min !== undefined && f.max !== undefined ? `integer ${f.min}-${f.max}` : f.min !== undefined ? `integer ≥ ${f.min}` : 'integer';
    case 'relative-time':
      return '"N minutes|hours|days|weeks|months [ago]" or ISO-8601';
    case 'json':
      return `JSON${f.shape === 'any' ? '' : ` ${f.shape}`}`;
    case 'predefined':
      return `one of ${f.options.join(', ')}`;
  }
}

/** The README with its reference block replaced (markers must already be there). */
export function spliceReference(readme: string, reference: string): string {
  const begin = readme.indexOf(BEGIN_MARKER);
  const end = readme.indexOf(END_MARKER);
  if (begin < 0 || end < begin) throw new UsageError(`README.md needs the markers ${BEGIN_MARKER} and ${END_MARKER}`);
  return `${readme.slice(0, begin + BEGIN_MARKER.length)}\n\n${reference.trimEnd()}\n\n${readme.slice(end)}`;
}

export async function runDocs(options: { check: boolean }, io: CliIo): Promise<number> {
  const path = packagePath('README.md');
  const current = readFileSync(path, 'utf8');
  const next = spliceReference(current, await generateReference());
  if (options.check) {
    if (next === current) return 0;
    io.err('darktrace-soar: README.md reference is stale; run `npm run docs` and commit the result\n');
    return 1;
  }
  if (next !== current) writeFileSync(path, next);
  io.out(next === current ? 'README.md reference is up to date.\n' : 'README.md reference updated.\n');
  return 0;
}
