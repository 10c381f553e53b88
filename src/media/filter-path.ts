/**
 * Characters that end or quote a value inside a filter graph (`:` option, `,` `;` filter,
 * `[` `]` label, `'` and `\` quoting) or that the graph parser trims (whitespace). Refusing them
 * is simpler and safer than two levels of ffmpeg escaping; callers use plain tmp paths.
 */
const FILTER_UNSAFE = /[:,;'[\]\\\s]/;

/** Throws unless `path` can be written into a filter option (subtitles=, textfile=, fontfile=) as is. */
export function assertFilterSafePath(path: string): string {
  if (path === '' || FILTER_UNSAFE.test(path)) {
    throw new Error(`path ${JSON.stringify(path)} can't go into an ffmpeg filter graph: use a path without : , ; ' [ ] \\ or spaces`);
  }
  return path;
}
