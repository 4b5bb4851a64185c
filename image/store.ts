// The named-image store: a directory of image files, NAME.image each. The directory is
// STASIS_HOME/images if STASIS_HOME is set, else ~/.stasis/images. A name is letters, digits,
// '.', '_' and '-', not beginning with '.'; a name that is a path (it has a '/') must end in
// .image and names that file, wherever it is. Anything else is refused before any file is
// touched, so no name can reach outside the store by accident.

import * as os from "os";
import * as path from "path";
import { ImageError } from "./image-file";

export const IMAGE_EXTENSION = ".image";
const NAME = /^[A-Za-z0-9_-][A-Za-z0-9._-]*$/;
const NAME_LENGTH_MAX = 200;

/** The store's directory. */
export function storeDirectory(env: NodeJS.ProcessEnv = process.env): string {
  const home = env.STASIS_HOME;
  return home !== undefined && home !== "" ? path.join(path.resolve(home), "images") : path.join(os.homedir(), ".stasis", "images");
}

/** An image as the user named it, and its file. */
export interface ImageName {
  /** As the user wrote it, for messages. */
  readonly name: string;
  readonly path: string;
  /** Whether it is in the store (by name) rather than a path the user gave. */
  readonly stored: boolean;
}

/** The file of an image name, or an ImageError saying why the name is not one. */
export function resolveImageName(name: string, env: NodeJS.ProcessEnv = process.env): ImageName {
  if (name.includes("/")) {
    if (!name.endsWith(IMAGE_EXTENSION) || name.includes("\0")) {
      throw new ImageError(`image name ${JSON.stringify(name)} is a path: a path to an image must end in ${IMAGE_EXTENSION}`);
    }
    return { name, path: path.resolve(name), stored: false };
  }
  if (!NAME.test(name) || name.length > NAME_LENGTH_MAX) {
    throw new ImageError(`image name ${JSON.stringify(name)} is not valid: use letters, digits, '.', '_' and '-', not starting with '.'`);
  }
  return { name, path: path.join(storeDirectory(env), name + IMAGE_EXTENSION), stored: true };
}

/** The names of the images in the store, sorted. */
export function storedImageNames(list: (dir: string) => string[], env: NodeJS.ProcessEnv = process.env): string[] {
  return list(storeDirectory(env))
    .filter((f) => f.endsWith(IMAGE_EXTENSION) && NAME.test(f.slice(0, -IMAGE_EXTENSION.length)))
    .map((f) => f.slice(0, -IMAGE_EXTENSION.length))
    .sort();
}
