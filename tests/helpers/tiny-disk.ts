import { execFile } from 'node:child_process';
import { mkdtemp, open, readdir, rm, rmdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

/** A small tmpfs of its own, for drills that fill a disk without filling the machine's. */
export interface TinyDisk {
  path: string;
  /** Writes a filler file until the disk answers ENOSPC: from then on every write fails. */
  fill(): Promise<void>;
  /** Deletes the filler: the disk has room again. */
  free(): Promise<void>;
  /** Every file and folder left under `under`, a folder on the disk (relative paths, sorted; none when it does not exist). */
  leftovers(under: string): Promise<string[]>;
  unmount(): Promise<void>;
}

const FILLER = 'filler.bin';
const CHUNK = Buffer.alloc(64 * 1024, 1);

/**
 * Mounts a tmpfs of `sizeMb` on a new temp dir, or says why it cannot (mounting needs root, or
 * CAP_SYS_ADMIN in a container), so the drill can be skipped with that reason.
 */
export async function mountTinyDisk(sizeMb: number): Promise<TinyDisk | { skipped: string }> {
  const path = await mkdtemp(join(tmpdir(), 'reverie-tiny-disk-'));
  try {
    await execFileAsync('mount', ['-t', 'tmpfs', '-o', `size=${sizeMb}m`, 'tmpfs', path]);
  } catch (error) {
    await rmdir(path);
    return { skipped: `cannot mount a tmpfs (needs root): ${error instanceof Error ? error.message.split('\n')[0] : String(error)}` };
  }
  const filler = join(path, FILLER);
  return {
    path,
    async fill() {
      const handle = await open(filler, 'a');
      try {
        for (;;) await handle.write(CHUNK);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
      } finally {
        await handle.close();
      }
    },
    async free() {
      await rm(filler, { force: true });
    },
    async leftovers(under) {
      const entries = await readdir(join(path, under), { recursive: true }).catch((error: unknown) => {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
        throw error;
      });
      return entries.sort();
    },
    async unmount() {
      await execFileAsync('umount', [path]);
      await rmdir(path);
    },
  };
}
