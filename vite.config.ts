import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { compression } from 'vite-plugin-compression2';

/** The web client. `npm start` builds it into client/dist, which the server serves; `npm run dev:client` serves it with hot reload. */
export default defineConfig({
  root: 'client',
  plugins: [
    react(),
    // A brotli and a gzip copy of every script, style sheet and the page, written once at build
    // time at the highest levels (slow to make, nothing to pay per request), served by
    // server/http/webClient.ts to whichever the browser accepts.
    compression({ algorithms: ['brotliCompress', 'gzip'], logLevel: 'silent' }),
  ],
  // The screens a partner never sees (the console, accounts, couples, the exports) are separate
  // chunks loaded when opened (client/src/lazyScreens.ts), so a phone on a slow link loads only the room.
  // No source maps: the server would publish them, and with them the app's source as written.
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: false },
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
