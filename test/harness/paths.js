import path from 'node:path';
import { fileURLToPath } from 'node:url';
/** Project root (this file is test/harness/paths.ts). */
export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** The shared folder beside the project (CI lays a copy of it there too). */
export const sharedDir = process.env.JETFLOW_SHARED_DIR ?? path.resolve(projectRoot, '../shared');
/** Upstream's example resources, read in place (never copied into the project). */
export const upstreamExamples = path.join(sharedDir, 'examples/argo-events');
export const upstreamSchema = path.join(upstreamExamples, 'schema/schema.json');
//# sourceMappingURL=paths.js.map