// darktrace-search-events → GET /devices → src/simulator/routes/devices.ts; GET /details → src/simulator/routes/details.ts; GET /modelbreaches → src/simulator/routes/modelbreaches.ts; GET /advancedsearch/api/search/{query} → src/simulator/routes/advancedsearch.ts
import { collectForHosts, eventRow, renderEvents } from '../validation/index.js';
import { joinSections, renderTable } from '../render/markdown.js';
import { defineCommand } from './define-command.js';

const NAME = 'darktrace-search-events';

export const searchEvents = defineCommand(NAME, {
  check: (a) => ((a.ips?.length ?? 0) + (a.hostnames?.length ?? 0) > 0 ? undefined : { argument: 'ips', message: 'give at least one IP address or host name' }),
  async run({ client, args, clock, params }) {
    const { queries, events, alerts } = await collectForHosts(client, params, {
      ips: args.ips ?? [],
      hostnames: args.hostnames ?? [],
      query: args.query,
      limit: args.limit,
      range: { from: args.start, to: args.end ?? clock.now() },
      context: NAME,
    });
    const context = (list: typeof events) => list.map((e) => ({ ...eventRow(e), raw: e.raw }));
    return {
      outputs: {
        ...(events.length ? { 'Darktrace.Event': context(events) } : {}),
        ...(alerts.length ? { 'Darktrace.Alert': context(alerts) } : {}),
      },
      readable: joinSections(
        queries.length
          ? renderTable(
              'Queries sent',
              queries.map((q) => ({ name: q.name, query: q.query })),
            )
          : undefined,
        renderEvents('Events', events, true),
        renderEvents('Alerts', alerts),
      ),
      raw: { events: events.map((e) => e.raw), alerts: alerts.map((a) => a.raw) },
    };
  },
});
