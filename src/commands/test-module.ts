// The platform's "Test" button: one cheap signed call that proves the URL, both tokens, TLS and the
// clock (the appliance rejects a date more than 30 minutes off). Returns "ok" or throws the typed
// error that says what to fix. Which DTAPI-Date form the appliance accepted is logged (info, so
// --verbose); when it took the fallback (darktrace-api.md §1.2) the client has already warned.
import type { DarktraceClient } from '../client/darktrace-client.js';
import type { Logger } from '../log.js';
import type { Params } from '../manifest/params.generated.js';

export async function testModule(client: DarktraceClient, params?: Pick<Params, 'use_advanced_search'>, log?: Logger): Promise<'ok'> {
  await client.status();
  log?.info({ dtapiDateFormat: client.dtapiDate.pattern }, 'DTAPI-Date format accepted');
  // Seed 001's legacy validation reads devices, then their events: prove the token may read
  // devices too (/devices?seensince=7days), unless the instance uses advanced search.
  if (params !== undefined && !params.use_advanced_search) await client.devices({ seenSince: '7days' });
  return 'ok';
}
