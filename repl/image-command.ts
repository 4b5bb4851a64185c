// `stasis image ACTION NAME...`: the store from the shell. Each action reads or writes image
// files only through image/, with the same checks and the same one-line errors as the Lisp
// procedures (images) (image-info) (image-history) (delete-image).

import { WorldImages } from "../image/world-images";
import { ImageError } from "../image/image-file";
import type { Io } from "./cli";

const ACTION_ARGUMENTS: Readonly<Record<string, [number, string]>> = {
  ls: [0, "stasis image ls"],
  info: [1, "stasis image info NAME"],
  history: [1, "stasis image history NAME"],
  rm: [1, "stasis image rm NAME"],
  cp: [2, "stasis image cp FROM TO"],
  compact: [1, "stasis image compact NAME"],
};

/** Runs an image action; returns the exit code (0, 1 for an image error, 2 for usage). */
export async function imageCommand(action: string, names: readonly string[], io: Io): Promise<number> {
  const [count, usage] = ACTION_ARGUMENTS[action];
  if (names.length !== count) {
    io.err(`stasis: usage: ${usage}\n`);
    return 2;
  }
  await WorldImages.ready();
  const images = new WorldImages();
  try {
    switch (action) {
      case "ls":
        for (const name of images.list()) io.out(`${name}\n`);
        return 0;
      case "info": {
        const info = images.info(images.resolve(names[0]));
        io.out(`name     ${info.name}\npath     ${info.path}\nbytes    ${info.bytes}\ncommits  ${info.commits}\n` +
          `created  ${new Date(info.created).toISOString()}\n` +
          (info.newest === undefined ? "" : `saved    ${new Date(info.newest.time).toISOString()} (commit ${info.newest.number}, ${info.newest.pages} pages)\n`));
        return 0;
      }
      case "history":
        for (const c of images.history(images.resolve(names[0]))) {
          io.out(`${c.number}\t${new Date(c.time).toISOString()}\t${c.pages} pages\toffset ${c.offset}${c.running ? "\trunning" : ""}\n`);
        }
        return 0;
      case "rm":
        if (!images.delete(images.resolve(names[0]))) throw new ImageError(`no image ${names[0]}`);
        return 0;
      case "cp":
        images.rewrite(images.resolve(names[0]), images.resolve(names[1]));
        return 0;
      case "compact": {
        const name = images.resolve(names[0]);
        const before = images.info(name).bytes;
        images.rewrite(name, name);
        io.out(`${names[0]}: ${before} bytes -> ${images.info(name).bytes} bytes\n`);
        return 0;
      }
    }
  } catch (e) {
    if (e instanceof ImageError) {
      io.err(`stasis: ${e.message}\n`);
      return 1;
    }
    throw e;
  }
  return 2;
}
