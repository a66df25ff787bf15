import * as fs from 'node:fs';

/**
 * A file read only by explicit ranges, counting every byte it reads: previews promise to read
 * a small part of large files, and the count is how that promise is checked.
 */
export class CountingFile {
  bytesRead = 0;

  private constructor(
    readonly path: string,
    private readonly handle: fs.promises.FileHandle,
    readonly size: number,
  ) {}

  static async open(path: string): Promise<CountingFile> {
    const handle = await fs.promises.open(path, 'r');
    try {
      const stat = await handle.stat();
      if (stat.isDirectory()) throw Object.assign(new Error('it is a folder'), { code: 'EISDIR' });
      if (!stat.isFile()) throw new Error('it is not a regular file');
      return new CountingFile(path, handle, stat.size);
    } catch (error) {
      await handle.close();
      throw error;
    }
  }

  /** Up to `length` bytes from `position`; fewer only at the end of the file. */
  async read(position: number, length: number): Promise<Buffer> {
    const wanted = Math.max(0, Math.min(length, this.size - position));
    const buffer = Buffer.allocUnsafe(wanted);
    let filled = 0;
    while (filled < wanted) {
      const { bytesRead } = await this.handle.read(buffer, filled, wanted - filled, position + filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    this.bytesRead += filled;
    return filled === wanted ? buffer : buffer.subarray(0, filled);
  }

  close(): Promise<void> {
    return this.handle.close();
  }
}
