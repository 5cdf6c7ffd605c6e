/** Private files and directories: everything the local bus writes may hold or sit next to a secret. */
import { chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises';

/** Create `dir` (and parents) with mode 0700, and tighten it if it already existed. */
export async function ensurePrivateDir(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await chmod(dir, 0o700);
}

/** Write `content` atomically (temp file + rename) with mode 0600, so a reader never sees half a file. */
export async function writePrivateFile(file: string, content: string): Promise<void> {
  const tmp = `${file}.tmp-${process.pid}`;
  await writeFile(tmp, content, { mode: 0o600 });
  await chmod(tmp, 0o600);
  await rename(tmp, file);
}

/** The file's text, or `undefined` when it does not exist. */
export async function readIfExists(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}
