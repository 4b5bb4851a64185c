// The base image: the world with the standard library loaded, built when the package is built
// (`npm install` runs repl/build-base-image.ts) so that a session resumes it instead of compiling
// the library's source at every start. Its file name carries a key of everything the world in
// it depends on (the layout, the image format, the library's source): a base image built from
// other sources is not used, and the session falls back to the source.

import * as fs from "fs";
import * as path from "path";
import { createHash } from "crypto";
import { LAYOUT_FINGERPRINT } from "../runtime/layout";
import { CommitPayload, FORMAT_VERSION, hasherLoaded } from "../image/format";
import { ImageError } from "../image/image-file";
import { WorldImages } from "../image/world-images";
import { memoryFileIO } from "../image/io";
import { ImageName } from "../image/store";
import { Heap } from "../runtime/heap";
import { CreateHeapOptions } from "../gc";

/** The standard library's source files, loaded in this order. */
export const LIBRARY_FILES = ["control.scm", "lists.scm", "data.scm", "images.scm"];
const BASE_IMAGE_PREFIX = "base-";
const KEY_HEX_DIGITS = 16;

/** The package's root directory: the nearest above this module with a package.json. */
export function packageRoot(): string {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, "package.json"))) return dir;
    if (path.dirname(dir) === dir) throw new Error("stasis: cannot find the package's root (package.json)");
  }
}

/** The directory of the standard library's source: runtime/library in the package. */
export function libraryDirectory(): string {
  return path.join(packageRoot(), "runtime", "library");
}

/** Where the base image goes: build/, named for its key. */
export function baseImageDirectory(): string {
  return path.join(packageRoot(), "build");
}

/** The key of the base image the current sources make. */
export function baseImageKey(): string {
  const hash = createHash("sha256");
  hash.update(`${LAYOUT_FINGERPRINT} ${FORMAT_VERSION}\n`);
  for (const name of LIBRARY_FILES) hash.update(fs.readFileSync(path.join(libraryDirectory(), name)));
  return hash.digest("hex").slice(0, KEY_HEX_DIGITS);
}

/**
 * The start-up snapshot's files in build/ (repl/build-snapshot.ts makes them; the launcher,
 * repl/stasis, spells the same names): the bundle it is built from, the snapshot, and the stamp
 * whose modification time is that of the node binary that built it.
 */
export const STARTUP_SNAPSHOT = { bundle: "stasis-bundle.js", snapshot: "stasis.snapshot", nodeStamp: "stasis.snapshot.node" } as const;

export function baseImagePath(key = baseImageKey()): string {
  return path.join(baseImageDirectory(), `${BASE_IMAGE_PREFIX}${key}.image`);
}

/** Base images in build/ other than the current one (left by earlier builds). */
export function staleBaseImages(key: string): string[] {
  const dir = baseImageDirectory();
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir).filter((f) => f.startsWith(BASE_IMAGE_PREFIX) && f.endsWith(".image") && f !== path.basename(baseImagePath(key)))
    .map((f) => path.join(dir, f));
}

/**
 * The base image's file, read ahead by the start-up snapshot (repl/startup-snapshot.ts), which
 * is built with the base image and so is current when it is; undefined in a plain process. Once
 * loaded (and so checked), its commit is kept: later loads put its pages in again from memory
 * (WorldImages.reload), without reading or checking it again. The snapshot's warm-up makes that
 * first load, so a process started from the snapshot never checks the base image itself.
 */
let preloaded: { readonly name: ImageName; readonly bytes: Uint8Array; checked?: CommitPayload } | undefined;

/** Reads the current base image into memory, for every session of this process to resume. */
export function preloadBaseImage(): void {
  const file = baseImagePath();
  preloaded = { name: { name: "base", path: file, stored: false }, bytes: fs.readFileSync(file) };
}

/** The base image's world, or undefined if there is no current base image (or it cannot be used). */
export function loadBaseImage(heapOptions: CreateHeapOptions): Heap | undefined {
  if (!hasherLoaded()) return undefined; // a session made without Session.create
  try {
    if (preloaded === undefined) {
      let file: string;
      try {
        file = baseImagePath();
      } catch {
        return undefined;
      }
      if (!fs.existsSync(file)) return undefined;
      return new WorldImages().load({ name: "base", path: file, stored: false }, heapOptions).heap;
    }
    if (preloaded.checked !== undefined) return WorldImages.reload(preloaded.name, preloaded.bytes, preloaded.checked, heapOptions);
    const loaded = new WorldImages(memoryFileIO(preloaded.name.path, preloaded.bytes)).load(preloaded.name, heapOptions);
    preloaded.checked = loaded.commit;
    return loaded.heap;
  } catch (e) {
    if (e instanceof ImageError) return undefined;
    throw e;
  }
}
