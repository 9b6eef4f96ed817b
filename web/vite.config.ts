/**
 * The console's build (Vite): Preact's automatic JSX runtime, one entry (index.html), ECharts
 * in its own chunks loaded when a chart is shown, hashed assets under /assets/.
 */
import { defineConfig } from 'vite';

export default defineConfig({
  root: import.meta.dirname,
  base: '/',
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    chunkSizeWarningLimit: 800,
  },
});
