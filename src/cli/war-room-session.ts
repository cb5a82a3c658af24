// Wires the war room to a configured instance and the process's terminal.
import { loadManifest } from '../manifest/load.js';
import { helpMarkdown } from './help.js';
import { openCliInstance, type Instance } from './instance.js';
import type { CliIo, GlobalOptions } from './io.js';
import { defaultHistoryFile, runWarRoom } from './war-room.js';

export async function runWarRoomSession(options: GlobalOptions, io: CliIo, streams: { input: NodeJS.ReadableStream; output: NodeJS.WritableStream; terminal: boolean; width?: number }): Promise<number> {
  let instance: Instance | undefined;
  const manifest = loadManifest();
  try {
    await runWarRoom({
      manifest,
      help: (name) => helpMarkdown(name, manifest),
      execute: async (command, args) => {
        // Opened on the first command, so a configuration problem is reported where it matters.
        instance ??= openCliInstance(options, io);
        return instance.execute(command, args);
      },
      input: streams.input as never,
      output: streams.output as never,
      terminal: streams.terminal,
      historyFile: defaultHistoryFile(io.env),
      ...(streams.width ? { width: streams.width } : {}),
    });
    return 0;
  } finally {
    await instance?.close();
  }
}
