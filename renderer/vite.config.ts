import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// Built by build/build.mjs into dist/renderer, which the host serves and the Electron window loads.
// No Node imports here (the renderer's lint rules apply): Vite fills in import.meta.dirname when it loads this file.
export default defineConfig({
  root: import.meta.dirname,
  base: './',
  plugins: [react()],
  build: {
    outDir: '../dist/renderer', // relative to root
    emptyOutDir: true,
    // The CSP forbids inline scripts and styles; keep every asset a file.
    assetsInlineLimit: 0,
    sourcemap: true,
  },
});
