// `npm start` is the README's first command on a fresh machine: the demo must run every step.
import { expect, it } from 'vitest';
import { loadManifest } from '../../src/manifest/load.js';
import { runCli } from '../helpers/run-cli.js';

it('npm start (the demo) runs the test-module, every command example and two fetch cycles', async () => {
  const run = await runCli(['demo']);
  expect(run.code).toBe(0);
  expect(run.stdout).toContain('## Test the connection (test-module)\n$ darktrace-soar test\n\nok\n');
  for (const command of loadManifest().script.commands) {
    expect(run.stdout).toContain(`$ darktrace-soar run '${command.example ?? ''}'`);
  }
  expect(run.stdout).toContain('3 new incident(s) appended to');
  expect(run.stdout.trimEnd().endsWith('Demo complete: every step succeeded.')).toBe(true);
  expect(run.stderr).not.toContain('darktrace-soar: ');
});
