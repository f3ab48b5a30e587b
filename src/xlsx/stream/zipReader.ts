/**
 * Reads the parts of an .xlsx (a zip archive) with Node's own zlib, one part at a time and only
 * when asked. The zip libraries at hand (JSZip, unzipper) inflate in JavaScript or through streams,
 * about four times slower, and only asynchronously; the workbook port reads synchronously.
 * Supported: stored and deflated entries, as every spreadsheet program writes them.
 */
import { inflateRawSync } from "node:zlib";
import type { StoredPart } from "./zipWriter";

interface Entry {
  method: number;
  /** Offset of the entry's local header. */
  local: number;
  compressedSize: number;
  size: number;
  crc32: number;
}

export class ZipReader {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly buffer: Buffer) {
    let end = buffer.length - 22;
    const stop = Math.max(0, buffer.length - 22 - 0xffff);
    while (end >= stop && buffer.readUInt32LE(end) !== 0x06054b50) end--;
    if (end < stop) throw new Error("not a zip archive (no end of central directory)");
    const count = buffer.readUInt16LE(end + 10);
    let p = buffer.readUInt32LE(end + 16);
    if (count === 0xffff || p === 0xffffffff) throw new Error("zip64 archives are not supported");
    for (let i = 0; i < count; i++) {
      if (buffer.readUInt32LE(p) !== 0x02014b50) throw new Error("damaged zip central directory");
      const flags = buffer.readUInt16LE(p + 8);
      const method = buffer.readUInt16LE(p + 10);
      const crc32 = buffer.readUInt32LE(p + 16);
      const compressedSize = buffer.readUInt32LE(p + 20);
      const size = buffer.readUInt32LE(p + 24);
      const nameLength = buffer.readUInt16LE(p + 28);
      const extraLength = buffer.readUInt16LE(p + 30);
      const commentLength = buffer.readUInt16LE(p + 32);
      const local = buffer.readUInt32LE(p + 42);
      const name = buffer.toString(flags & 0x800 ? "utf8" : "latin1", p + 46, p + 46 + nameLength);
      if (flags & 0x1) throw new Error(`encrypted zip entry: ${name}`);
      this.entries.set(name.replace(/^\/+/, ""), { method, local, compressedSize, size, crc32 });
      p += 46 + nameLength + extraLength + commentLength;
    }
  }

  names(): string[] {
    return [...this.entries.keys()];
  }

  has(name: string): boolean {
    return this.entries.has(name);
  }

  /** The part as stored (still compressed), to copy into another archive; null when there is no such part. */
  stored(name: string): StoredPart | null {
    const entry = this.entries.get(name);
    if (!entry) return null;
    const b = this.buffer;
    const start = entry.local + 30 + b.readUInt16LE(entry.local + 26) + b.readUInt16LE(entry.local + 28);
    return { method: entry.method, crc32: entry.crc32, compressedSize: entry.compressedSize, size: entry.size, data: b.subarray(start, start + entry.compressedSize) };
  }

  /** The part's bytes, or null when the archive has no such part. */
  read(name: string): Buffer | null {
    const part = this.stored(name);
    if (!part) return null;
    if (part.method === 0) return Buffer.from(part.data);
    if (part.method === 8) return inflateRawSync(part.data);
    throw new Error(`unsupported zip compression method ${part.method} for ${name}`);
  }

  text(name: string): string | null {
    const bytes = this.read(name);
    return bytes === null ? null : bytes.toString("utf8");
  }
}
