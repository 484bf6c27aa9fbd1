// Vite configuration of the playground. Root is this folder; the build is a static,
// offline site (no CDN: Monaco, the compiler and the runtime are all bundled) in dist/,
// with relative URLs (base './') so it can be served from any path or opened from a share link.
import { defineConfig } from "vite";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL(".", import.meta.url));
const repo = fileURLToPath(new URL("..", import.meta.url));

export default defineConfig({
  root,
  base: "./",
  // The page imports ../policies, ../compiler, ../runtime and ../grammar.
  server: { fs: { allow: [repo] } },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "es2022",
    chunkSizeWarningLimit: 4000,
    reportCompressedSize: false,
    // Timing reports are noise on a busy machine (and in test output).
    rolldownOptions: { checks: { bundlerTimings: false } },
  },
  // Module workers: the compiler worker imports ES modules and is split like the page.
  worker: { format: "es", rolldownOptions: { checks: { bundlerTimings: false } } },
  logLevel: "warn",
});
