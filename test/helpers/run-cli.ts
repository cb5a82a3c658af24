// Runs the real, compiled CLI (bin/darktrace-soar) as a child process, the way a scheduler or a
// playbook engine does, and collects what it wrote. `npm test` builds before vitest runs.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const BIN = resolve(import.meta.dirname, '../../bin/darktrace-soar');

export interface CliRun {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface CliOptions {
  /** DARKTRACE_* and other variables; the parent's DARKTRACE_* never leak into the child. */
  readonly env?: Readonly<Record<string, string>>;
  readonly input?: string;
  readonly cwd?: string;
}

export async function runCli(args: readonly string[], options: CliOptions = {}): Promise<CliRun> {
  const env: Record<string, string> = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? tmpdir(), ...options.env };
  const child = spawn(process.execPath, [BIN, ...args], { env, cwd: options.cwd ?? process.cwd(), stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  child.stdin.end(options.input ?? '');
  const [code, signal] = (await once(child, 'close')) as [number | null, NodeJS.Signals | null];
  return { code, signal, stdout, stderr };
}

/** Writes a config file into a fresh temporary folder and returns its path. */
export function writeConfig(params: Readonly<Record<string, unknown>>, name = 'config.json'): string {
  const dir = mkdtempSync(join(tmpdir(), 'dt-soar-'));
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify(params, null, 2));
  return path;
}

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'dt-soar-'));
}
