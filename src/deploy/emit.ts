/** What one source resource's render collects: its objects (with field origins), errors and warnings. */
import { formatPath, type PathSeg } from '../api/index.js';
import type { KubeObject, Origin, RenderProblem, SourceRef } from './types.js';

export interface Emitted {
  object: KubeObject;
  /** Object field → source field, for placing validation problems (longest prefix wins). */
  origins: Origin[];
}

export class ResourceOut {
  readonly emitted: Emitted[] = [];
  readonly problems: RenderProblem[] = [];
  readonly warnings: RenderProblem[] = [];

  constructor(
    readonly source: SourceRef,
    /** 0-based index of the source document in its file. */
    readonly document?: number,
  ) {}

  add(object: KubeObject, origins: Origin[] = []): KubeObject {
    // Every object's name comes from the source's name.
    this.emitted.push({
      object,
      origins: [{ objectPath: ['metadata', 'name'], sourcePath: ['metadata', 'name'] }, ...origins],
    });
    return object;
  }

  error(path: PathSeg[], message: string): void {
    this.problems.push(this.problem(path, message));
  }

  warn(path: PathSeg[], message: string): void {
    this.warnings.push(this.problem(path, message));
  }

  private problem(path: PathSeg[], message: string): RenderProblem {
    return {
      file: this.source.file ?? '',
      path: formatPath(path),
      message,
      resource: `${this.source.kind}/${this.source.name}`,
      document: this.document,
      segments: path,
    };
  }
}
