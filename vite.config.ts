import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/** The web client. `npm start` builds it into client/dist, which the server serves; `npm run dev:client` serves it with hot reload. */
export default defineConfig({
  root: 'client',
  plugins: [react()],
  // One bundle of ~600 kB (React, Yjs, zod): fine for an app opened once per session.
  // No source maps: the server would publish them, and with them the app's source as written.
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: false, chunkSizeWarningLimit: 1000 },
  server: {
    port: 5173,
    proxy: {
      '/api': 'http://localhost:3000',
      '/healthz': 'http://localhost:3000',
      '/socket.io': { target: 'http://localhost:3000', ws: true },
      '/yjs': { target: 'ws://localhost:3000', ws: true },
    },
  },
});
