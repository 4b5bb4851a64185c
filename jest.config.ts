import type { Config } from "jest";

// chevrotain 11 is ESM-only; jest runs CommonJS. Map it to the single-file bundle it ships and
// transform only that file (../shared/TOOLCHAIN.md: 1.4 s cold instead of ~7 s per test file).
const config: Config = {
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  testMatch: ["**/*.test.ts"],
  // A collection at every safe point (STASIS_GC_STRESS=1) makes tests many times slower.
  testTimeout: process.env.STASIS_GC_STRESS === "1" ? 300_000 : 5_000,
  globalSetup: "<rootDir>/test/support/build.ts",
  moduleNameMapper: { "^chevrotain$": "<rootDir>/node_modules/chevrotain/lib/chevrotain.mjs" },
  transform: {
    "^.+\\.ts$": ["ts-jest", { tsconfig: { isolatedModules: true } }],
    "^.+\\.mjs$": ["ts-jest", { tsconfig: { allowJs: true, module: "commonjs", isolatedModules: true } }],
  },
  transformIgnorePatterns: ["/node_modules/(?!chevrotain/)"],
};

export default config;
