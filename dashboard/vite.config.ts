/// <reference types="vitest/config" />
import { defineConfig } from "vite";
import react from "@vitejs/plugin-react";

// `npm run dev` serves the dashboard on :5173 and forwards the API to a running api-service
// (./foreman dev), so the browser sees one origin as it does when api-service serves the build.
export default defineConfig({
  plugins: [react()],
  server: {
    proxy: { "/v1": { target: process.env.FOREMAN_API ?? "http://localhost:8080", changeOrigin: true } },
  },
  build: { outDir: "dist", sourcemap: false, chunkSizeWarningLimit: 600 },
  test: {
    environment: "jsdom",
    setupFiles: ["./src/test-setup.ts"],
    include: ["src/**/*.test.{ts,tsx}"],
    css: false,
    // The build machine is shared and loaded: a page test that takes 5 s there is slow, not broken.
    testTimeout: 30_000,
  },
});
