// DELETE /tags/entities?did=&tag= (darktrace-next.md §B.5): removes a tag from a device, both
// parameters required, the query signed like a GET (MCPLAB S5). Removing a tag the device does not
// carry changes nothing and succeeds; an unknown tag name is refused as POST refuses it. The 7.1.0
// lab gateway answered 502 to every DELETE although it was applied: the server's
// `deleteAnswers502` option reproduces that after this handler has run.
import { ApplianceAnswer, inputError, intParam, json, type Route } from './route-kit.js';

export const tagsEntitiesDeleteRoutes: Route[] = [
  {
    method: 'DELETE',
    pattern: /^\/tags\/entities$/,
    handler: (ctx) => {
      const { state } = ctx;
      const did = intParam(ctx.query, 'did');
      const name = ctx.query.get('tag');
      if (did === undefined || !name) throw inputError('did and tag are required');
      const tag = state.tags.find((t) => t.name.toLowerCase() === name.toLowerCase());
      // The reason as `error`, where clients read an appliance's error text (the answer body is not documented, §B.6).
      if (!tag) throw new ApplianceAnswer(400, { error: `Tag ${name} does not exist` });
      let removed = 0;
      for (const e of state.tagEntities) {
        if (e.tid === tag.tid && e.entityValue === String(did) && e.valid) {
          e.valid = false;
          removed++;
        }
      }
      return json({ response: 'SUCCESS', removed });
    },
  },
];
