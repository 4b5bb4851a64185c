// Builds the base image (repl/base-image.ts): a new world with the standard library compiled
// from source, saved between computations. Run by `npm run build` after the compiler; a build
// that cannot make it fails, since every session would then compile the library at start.

import * as fs from "fs";
import { Session } from "./session";
import { baseImageKey, baseImagePath, staleBaseImages } from "./base-image";

async function main(): Promise<void> {
  const session = await Session.create({ baseImage: false });
  const key = baseImageKey();
  const file = baseImagePath(key);
  if (fs.existsSync(file)) fs.unlinkSync(file);
  session.images.save(session.world.heap, { name: "base", path: file, stored: false },
    { stackTop: session.machine.stackTop, running: false });
  for (const stale of staleBaseImages(key)) fs.unlinkSync(stale);
}

main().catch((e: unknown) => {
  process.stderr.write(`stasis: cannot build the base image: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
