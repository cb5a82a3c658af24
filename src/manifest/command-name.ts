// A war-room line names a command with its "!" (`!darktrace-get-similar-devices`); the API, exec and
// `help` may leave it out. One rule for every caller; no zod here, so `help` stays a fast start.

/** The command's name as integration.yml declares it, without the war room's "!". */
export function bareCommandName(name: string): string {
  return name.replace(/^!/, '');
}

/** The declared command `name` names (with or without "!"), or undefined. */
export function findCommand<C extends { readonly name: string }>(commands: readonly C[], name: string): C | undefined {
  const wanted = bareCommandName(name);
  return commands.find((c) => c.name === wanted);
}
