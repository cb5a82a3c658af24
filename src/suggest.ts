// "Did you mean": the closest known name to a mistyped one. A leaf so that the CLI, the war room,
// the manifest's argument checks and config/ share one rule for what counts as a typo.

/** Levenshtein distance (insert, delete, substitute, each 1), case-insensitive. */
export function editDistance(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  let previous = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const current = [i];
    for (let j = 1; j <= y.length; j++) {
      const cost = x[i - 1] === y[j - 1] ? 0 : 1;
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost));
    }
    previous = current;
  }
  return previous[y.length] ?? 0;
}

/**
 * The known name closest to `word`, when it is close enough to be a typo: at most 1 edit for
 * names up to 4 characters, 2 up to 8, then a quarter of the length (rounded up, at most 4).
 * Undefined when nothing is that close, or when two names tie (a guess would mislead).
 */
export function closestName(word: string, known: Iterable<string>): string | undefined {
  const limit = word.length <= 4 ? 1 : word.length <= 8 ? 2 : Math.min(4, Math.ceil(word.length / 4));
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  let tie = false;
  for (const name of known) {
    const distance = editDistance(word, name);
    if (distance < bestDistance) {
      best = name;
      bestDistance = distance;
      tie = false;
    } else if (distance === bestDistance && name !== best) {
      tie = true;
    }
  }
  return best !== undefined && bestDistance <= limit && !tie ? best : undefined;
}

/** `; did you mean "x"?` or the empty string. */
export function didYouMean(word: string, known: Iterable<string>): string {
  const name = closestName(word, known);
  return name === undefined ? '' : `; did you mean ${JSON.stringify(name)}?`;
}
