// The platform's "Test" button: one cheap signed call that proves the URL, both tokens, TLS and the
// clock (the appliance rejects a date more than 30 minutes off). Returns "ok" or throws the typed
// error that says what to fix.
import type { DarktraceClient } from '../client/darktrace-client.js';

export async function testModule(client: DarktraceClient): Promise<'ok'> {
  await client.status();
  return 'ok';
}
