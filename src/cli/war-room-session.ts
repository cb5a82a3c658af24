// Wires the war room to a configured instance and the process's terminal.
import { isDarktraceSoarError } from '../errors.js';
import { loadManifest } from '../manifest/load.js';
import { helpMarkdown } from './help.js';
import { openCliInstance, type Instance } from './instance.js';
import type { CliIo, GlobalOptions } from './io.js';
import { defaultHistoryFile, runWarRoom } from './war-room.js';

export async function runWarRoomSession(
  options: GlobalOptions,
  io: CliIo,
  streams: { input: NodeJS.ReadableStream; output: NodeJS.WritableStream; terminal: boolean; width?: number },
): Promise<number> {
  let instance: Instance | undefined;
  const manifest = loadManifest();
  try {
    // Parameters are read now, to name the appliance in the banner; nothing is sent yet. A
    // configuration problem is shown in the banner and again at the first command.
    let label: { label: string; host?: string };
    try {
      instance = openCliInstance(options, io);
      const url = new URL(instance.params.url);
      const name = options.instance ?? (options.config ? `config ${options.config}` : 'DARKTRACE_* variables');
      label = { label: `${name} (${url.host})`, host: url.host };
    } catch (err) {
      if (!isDarktraceSoarError(err)) throw err;
      label = { label: `not configured yet: ${err.message} [${err.code}]` };
    }
    await runWarRoom({
      manifest,
      help: (name) => helpMarkdown(name, manifest),
      execute: async (command, args, signal) => {
        instance ??= openCliInstance(options, io);
        return instance.execute(command, args, { signal });
      },
      input: streams.input as never,
      output: streams.output as never,
      terminal: streams.terminal,
      historyFile: defaultHistoryFile(io.env),
      instance: label,
      ...(streams.width ? { width: streams.width } : {}),
    });
    return 0;
  } finally {
    await instance?.close();
  }
}
