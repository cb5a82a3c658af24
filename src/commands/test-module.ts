// The platform's "Test" button: one cheap signed call that proves the URL, both tokens, TLS and the
// clock (the appliance rejects a date more than 30 minutes off). Returns "ok" or throws the typed
// error that says what to fix.
import type { DarktraceClient } from '../client/darktrace-client.js';

export async function testModule(client: DarktraceClient, params?: Readonly<Record<string, unknown>>): Promise<'ok'> {
  await client.status();
  // Seed 001's legacy validation reads devices, then their events: prove the token may read
  // devices too (/devices?seensince=7days), unless the instance uses advanced search.
  if (params !== undefined && params['use_advanced_search'] !== true) await client.devices({ seenSince: '7days' });
  return 'ok';
}
