import { defineConfig } from "vitest/config";

// The stack tests run in Node: they start wrangler dev, Prometheus, Alertmanager and mail sinks
// as real processes on 127.0.0.1. scripts/test.ts runs them after the Workers-runtime suite.
export default defineConfig({
  test: {
    include: ["tests/stack/**/*.test.ts"],
    environment: "node",
    // One at a time: each file starts its own processes on these two cores.
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 180_000,
  },
});
