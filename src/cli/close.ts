// `darktrace-soar close <pbid> [--comment TEXT]`: acknowledge a model breach (after posting the
// comment, when given) from a script, for users without a SOAR platform. It runs the two war-room
// commands, so the writes get their checks (read-back of an unconfirmed write, permissions). The
// comment carries the instance's mirror_comment_prefix, like every comment this integration
// posts, so that `poll --mirror` never reports it back as news.
import { UsageError } from '../errors.js';
import { openCliInstance } from './instance.js';
import type { CliIo, GlobalOptions } from './io.js';
import { present } from './present.js';

export async function runClose(positionals: readonly string[], o: { comment?: string | undefined }, global: GlobalOptions, io: CliIo): Promise<number> {
  const [pbid, ...extra] = positionals;
  if (pbid === undefined || extra.length > 0) throw new UsageError('close takes one model breach id: darktrace-soar close 1417 [--comment "text"]');
  if (!/^[1-9]\d{0,14}$/.test(pbid)) throw new UsageError(`close: the model breach id is a positive integer such as 1417, got ${JSON.stringify(pbid)}`);
  if (o.comment !== undefined && o.comment.trim() === '') throw new UsageError('--comment: expected the text of the comment, e.g. --comment "false positive"');
  const instance = openCliInstance(global, io);
  try {
    const prefix = instance.params['mirror_comment_prefix'];
    const message = o.comment === undefined ? undefined : `${typeof prefix === 'string' && prefix !== '' ? `${prefix} ` : ''}${o.comment.trim()}`;
    const readable: string[] = [];
    if (message !== undefined) readable.push((await instance.execute('darktrace-post-comment-to-model-breach', { pbid, message })).readable);
    readable.push((await instance.execute('darktrace-acknowledge-model-breach', { pbid })).readable);
    io.out(
      global.json
        ? `${JSON.stringify({ pbid: Number(pbid), acknowledged: true, ...(message === undefined ? {} : { comment: message }) })}\n`
        : present(readable.join('\n'), io, global),
    );
    return 0;
  } finally {
    await instance.close();
  }
}
