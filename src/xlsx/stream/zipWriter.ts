/**
 * Writes the .xlsx archive. Parts made in this run are deflated in Node's thread pool as soon as
 * they are complete, while the next tab is being written; parts carried over from the source file
 * are copied still compressed, byte for byte, with their checksums: the largest tabs of a school
 * (the agreement tab of 44,000 rows) are never inflated or deflated again just to be saved.
 * (archiver, which ExcelJS uses, can only add uncompressed data and deflates it in JavaScript.)
 */
import type { Writable } from "node:stream";
import { once } from "node:events";
import { crc32, deflateRaw } from "node:zlib";
import { promisify } from "node:util";

const deflate = promisify(deflateRaw);

/** A part as stored in a zip: its compressed bytes and what the headers say about them. */
export interface StoredPart {
  method: number;
  crc32: number;
  compressedSize: number;
  size: number;
  data: Buffer;
}

export class ZipWriter {
  private readonly parts: { name: string; stored: Promise<StoredPart> }[] = [];
  private readonly names = new Set<string>();

  constructor(private readonly level: number) {}

  /** Adds a part to be deflated; the last part added under a name wins. */
  add(name: string, data: Buffer | string): void {
    const bytes = typeof data === "string" ? Buffer.from(data, "utf8") : data;
    const stored = deflate(bytes, { level: this.level }).then((compressed) => ({
      method: 8,
      crc32: crc32(bytes),
      compressedSize: compressed.length,
      size: bytes.length,
      data: compressed,
    }));
    this.put(name, stored);
  }

  /** Adds a part being compressed elsewhere. */
  addPending(name: string, stored: Promise<StoredPart>): void {
    this.put(name, stored);
  }

  /** Adds a part exactly as another archive stored it. */
  addStored(name: string, stored: StoredPart): void {
    this.put(name, Promise.resolve(stored));
  }

  private put(name: string, stored: Promise<StoredPart>) {
    const clean = name.replace(/^\/+/, "");
    stored.catch(() => undefined); // reported by writeTo
    if (this.names.has(clean)) this.parts.splice(this.parts.findIndex((p) => p.name === clean), 1);
    this.names.add(clean);
    this.parts.push({ name: clean, stored });
  }

  async writeTo(out: Writable): Promise<void> {
    const central: Buffer[] = [];
    let offset = 0;
    const write = async (chunk: Buffer) => {
      offset += chunk.length;
      if (!out.write(chunk)) await once(out, "drain");
    };
    const { time, date } = dosTime(new Date());
    for (const part of this.parts) {
      const p = await part.stored;
      if (p.compressedSize > 0xfffffffe || p.size > 0xfffffffe || offset > 0xfffffffe) throw new Error("the workbook is too large for a zip archive without zip64");
      const name = Buffer.from(part.name, "utf8");
      const local = Buffer.alloc(30);
      local.writeUInt32LE(0x04034b50, 0);
      local.writeUInt16LE(20, 4);
      local.writeUInt16LE(0x0800, 6); // names in UTF-8
      local.writeUInt16LE(p.method, 8);
      local.writeUInt16LE(time, 10);
      local.writeUInt16LE(date, 12);
      local.writeUInt32LE(p.crc32 >>> 0, 14);
      local.writeUInt32LE(p.compressedSize, 18);
      local.writeUInt32LE(p.size, 22);
      local.writeUInt16LE(name.length, 26);
      local.writeUInt16LE(0, 28);
      const entry = Buffer.alloc(46);
      entry.writeUInt32LE(0x02014b50, 0);
      entry.writeUInt16LE(20, 4);
      entry.writeUInt16LE(20, 6);
      local.copy(entry, 8, 6, 30); // flags … extra length are the same as in the local header
      entry.writeUInt32LE(offset, 42);
      central.push(entry, name);
      await write(local);
      await write(name);
      await write(p.data);
    }
    const directory = Buffer.concat(central);
    const end = Buffer.alloc(22);
    end.writeUInt32LE(0x06054b50, 0);
    end.writeUInt16LE(this.parts.length, 8);
    end.writeUInt16LE(this.parts.length, 10);
    end.writeUInt32LE(directory.length, 12);
    end.writeUInt32LE(offset, 16);
    await write(directory);
    await write(end);
    out.end();
    await once(out, "finish");
  }
}

function dosTime(d: Date): { time: number; date: number } {
  return {
    time: (d.getHours() << 11) | (d.getMinutes() << 5) | Math.floor(d.getSeconds() / 2),
    date: ((Math.max(1980, d.getFullYear()) - 1980) << 9) | ((d.getMonth() + 1) << 5) | d.getDate(),
  };
}
