/** Jest: TypeScript through ts-jest in transpile-only mode (tsc type-checks the whole tree in `npm test`). */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  testMatch: ["**/*.test.ts"],
  transform: {
    "^.+\\.ts$": ["ts-jest", { tsconfig: "tsconfig.test.json" }],
  },
  testTimeout: 120000,
  setupFilesAfterEnv: ["<rootDir>/test/support/release-tfjs.ts"],
};
