import react from '@vitejs/plugin-react-swc';
import { fileURLToPath } from 'node:url';
import { defineConfig, loadEnv } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

// The API serves the build at /studio with a strict CSP (script-src 'self'), so
// the build must never inline a script: no module preload polyfill, assets as files.
export default defineConfig(({ mode }) => ({
  root,
  base: '/studio/',
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('../../dist/studio', import.meta.url)),
    emptyOutDir: true,
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    chunkSizeWarningLimit: 2000,
  },
  server: {
    // Where `npm run studio:dev` sends API calls: a platform started with `npm start`, or
    // STUDIO_API_URL (Vite's own env loading: the shell, or apps/studio/.env*).
    proxy: { '/v1': { target: loadEnv(mode, root, 'STUDIO_').STUDIO_API_URL ?? 'http://localhost:3000', changeOrigin: false } },
  },
}));
