// The base image (repl/base-image.ts): built by npm run build, resumed by every session. In a
// process that has read it into memory (the start-up snapshot's), it is loaded and checked once,
// and put into each later heap again from memory: the same world each time.

import { heapDigest } from "../../gc/digest";
import { WorldImages } from "../../image/world-images";
import { baseImagePath, loadBaseImage, preloadBaseImage } from "../../repl/base-image";

beforeAll(async () => {
  await WorldImages.ready();
});

test("the base image read into memory gives, loaded and then reloaded, the world its file gives", () => {
  const images = new WorldImages();
  const fromFile = heapDigest(images.load(images.resolve(baseImagePath()), {}).heap);
  preloadBaseImage();
  const first = loadBaseImage({});
  const second = loadBaseImage({});
  expect(first).toBeDefined();
  expect(second).toBeDefined();
  expect(second).not.toBe(first);
  expect(heapDigest(first!)).toBe(fromFile);
  expect(heapDigest(second!)).toBe(fromFile);
});
