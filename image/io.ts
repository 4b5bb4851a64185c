// The file operations images are written and read with, behind one interface, so that the
// crash tests can put a recording, crash-simulating layer in their place (test/image/crash-io.ts)
// and the I/O error tests one that fails on cue. Synchronous: an image is written at a safe
// point of the machine, between two instructions.

import * as fs from "fs";
import { basename, dirname } from "path";

export interface ImageIO {
  /** Opens a file for reading, or for reading and writing (created if `create`). Returns a descriptor. */
  open(path: string, mode: "read" | "write" | "create"): number;
  close(fd: number): void;
  size(fd: number): number;
  /** Reads into `buffer` from `position`; returns the bytes read (fewer only at the end). */
  read(fd: number, buffer: Uint8Array, position: number): number;
  /** Reads into the buffers, in order, from `position`: as `read` into their concatenation. */
  readv(fd: number, buffers: readonly Uint8Array[], position: number): number;
  /** Writes the chunks, in order, at `position`. */
  write(fd: number, chunks: readonly Uint8Array[], position: number): void;
  /** Makes everything written to the file durable. */
  fsync(fd: number): void;
  /** Sets the file's length (cutting off a torn tail). */
  truncate(fd: number, length: number): void;
  /** Atomically replaces `to` with `from`. */
  rename(from: string, to: string): void;
  /** Makes the directory's entries (creations, renames, deletions) durable. */
  fsyncDirectory(path: string): void;
  unlink(path: string): void;
  exists(path: string): boolean;
  /** The names in a directory (empty if it does not exist). */
  list(path: string): string[];
  /** Creates a directory and its parents. */
  makeDirectory(path: string): void;
  /** Last modification time in ms, for listings. */
  modified(path: string): number;
}

/** Most buffers one writev or readv takes (IOV_MAX on Linux). */
const IOV_MAX = 1024;

/** `readv` for an ImageIO that reads one buffer at a time. */
export function readEach(io: Pick<ImageIO, "read">, fd: number, buffers: readonly Uint8Array[], position: number): number {
  let done = 0;
  for (const buffer of buffers) {
    const n = io.read(fd, buffer, position + done);
    done += n;
    if (n < buffer.length) break;
  }
  return done;
}

/** The real file system. */
export const nodeIO: ImageIO = {
  open: (path, mode) => fs.openSync(path, mode === "read" ? "r" : mode === "write" ? "r+" : "w+", 0o644),
  close: (fd) => fs.closeSync(fd),
  size: (fd) => fs.fstatSync(fd).size,
  read: (fd, buffer, position) => {
    let done = 0;
    while (done < buffer.length) {
      const n = fs.readSync(fd, buffer, done, buffer.length - done, position + done);
      if (n === 0) break;
      done += n;
    }
    return done;
  },
  readv: (fd, buffers, position) => {
    let done = 0;
    for (let i = 0; i < buffers.length; i += IOV_MAX) {
      const batch = buffers.slice(i, i + IOV_MAX);
      let bytes = 0;
      for (const buffer of batch) bytes += buffer.length;
      const n = fs.readvSync(fd, batch as Uint8Array[], position + done);
      if (n < bytes) {
        // A short read (the end of the file, or the kernel's choice): the rest buffer by buffer.
        let at = 0; // bytes of the batch before this buffer
        for (const buffer of batch) {
          if (at + buffer.length > n) {
            const from = Math.max(0, n - at);
            const got = nodeIO.read(fd, buffer.subarray(from), position + done + at + from);
            if (from + got < buffer.length) return done + at + from + got;
          }
          at += buffer.length;
        }
      }
      done += bytes;
    }
    return done;
  },
  write: (fd, chunks, position) => {
    for (let i = 0; i < chunks.length; i += IOV_MAX) {
      const batch = chunks.slice(i, i + IOV_MAX);
      let bytes = 0;
      for (const chunk of batch) bytes += chunk.length;
      let written = fs.writevSync(fd, batch as Uint8Array[], position);
      if (written < bytes) {
        // A short write: finish it chunk by chunk.
        let at = 0;
        for (const chunk of batch) {
          const end = at + chunk.length;
          if (end > written) {
            const from = Math.max(0, written - at);
            for (let done = from; done < chunk.length;) done += fs.writeSync(fd, chunk, done, chunk.length - done, position + at + done);
            written = end;
          }
          at = end;
        }
      }
      position += bytes;
    }
  },
  fsync: (fd) => fs.fsyncSync(fd),
  truncate: (fd, length) => fs.ftruncateSync(fd, length),
  rename: (from, to) => fs.renameSync(from, to),
  fsyncDirectory: (path) => {
    const fd = fs.openSync(path, "r");
    try {
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  },
  unlink: (path) => fs.unlinkSync(path),
  exists: (path) => fs.existsSync(path),
  list: (path) => (fs.existsSync(path) ? fs.readdirSync(path) : []),
  makeDirectory: (path) => {
    fs.mkdirSync(path, { recursive: true });
  },
  modified: (path) => fs.statSync(path).mtimeMs,
};

/**
 * One image file held in memory, read-only: the base image as the start-up snapshot carries it
 * (repl/startup-snapshot.ts). Every operation but reading it fails as on a read-only file system.
 */
export function memoryFileIO(path: string, bytes: Uint8Array): ImageIO {
  const FD = 0;
  const missing = (p: string): never => {
    throw Object.assign(new Error(`ENOENT: no such file or directory, open '${p}'`), { code: "ENOENT", syscall: "open", path: p });
  };
  const readOnly = (syscall: string): never => {
    throw Object.assign(new Error(`EROFS: read-only file system, ${syscall} '${path}'`), { code: "EROFS", syscall, path });
  };
  return {
    open: (p, mode) => (p !== path ? missing(p) : mode !== "read" ? readOnly("open") : FD),
    close: () => undefined,
    size: () => bytes.length,
    read: (_fd, buffer, position) => {
      const part = bytes.subarray(Math.min(position, bytes.length), Math.min(position + buffer.length, bytes.length));
      buffer.set(part);
      return part.length;
    },
    readv(fd, buffers, position) {
      return readEach(this, fd, buffers, position);
    },
    write: () => readOnly("write"),
    fsync: () => readOnly("fsync"),
    truncate: () => readOnly("ftruncate"),
    rename: () => readOnly("rename"),
    fsyncDirectory: () => readOnly("fsync"),
    unlink: () => readOnly("unlink"),
    exists: (p) => p === path,
    list: (dir) => (dir === dirname(path) ? [basename(path)] : []),
    makeDirectory: () => readOnly("mkdir"),
    modified: () => 0,
  };
}
