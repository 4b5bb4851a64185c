import type { Config } from "jest";

const config: Config = {
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  testMatch: ["**/*.test.ts"],
  // A collection at every safe point (STASIS_GC_STRESS=1) makes tests many times slower.
  testTimeout: process.env.STASIS_GC_STRESS === "1" ? 300_000 : 5_000,
  globalSetup: "<rootDir>/test/support/build.ts",
  transform: {
    "^.+\\.ts$": ["ts-jest", { tsconfig: { isolatedModules: true } }],
  },
};

export default config;
