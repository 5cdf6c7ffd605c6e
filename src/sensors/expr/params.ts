/**
 * Parameters of one expr filter, built the way argo's filterExpr builds them.
 * @module
 */

/** One `fields[]` entry of an ExprFilter. */
export interface ExprField {
  name: string;
  path: string;
}

/** A GJSON-path lookup, e.g. `(path) => getPath(data, path)` from `src/sensors/path`. */
export type PathResolver = (path: string) => { exists: boolean; value: unknown };

/**
 * Bind each field's `name` to the value at its `path`. The first path that does not exist stops the
 * build and is returned as `missingPath` (argo: `path '<p>' does not exist`). Later fields with the same
 * name overwrite earlier ones, as in argo's map.
 */
export function buildExprParams(
  fields: readonly ExprField[],
  resolve: PathResolver,
):
  { params: Record<string, unknown>; missingPath?: undefined } | { params?: undefined; missingPath: string } {
  const params: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  for (const f of fields) {
    const r = resolve(f.path);
    if (!r.exists) return { missingPath: f.path };
    params[f.name] = r.value;
  }
  return { params };
}
