import react from '@vitejs/plugin-react-swc';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));
/** Where `npm run studio:dev` sends API calls: a platform started with `npm start`. */
const platform = process.env.STUDIO_API_URL ?? 'http://localhost:3000';

// The API serves the build at /studio with a strict CSP (script-src 'self'), so
// the build must never inline a script: no module preload polyfill, assets as files.
export default defineConfig({
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
    proxy: { '/v1': { target: platform, changeOrigin: false } },
  },
});
