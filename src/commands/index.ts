// The one list of command handlers. The manifest and this list must name the same commands
// (test/contract/manifest-vs-handlers.test.ts); nothing else enumerates commands.
import type { CommandHandler } from './define-command.js';
import { getSimilarDevices } from './get-similar-devices.js';

export const handlers: readonly CommandHandler[] = [getSimilarDevices] as readonly CommandHandler[];
