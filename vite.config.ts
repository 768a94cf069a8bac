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
  // chunks loaded when opened (client/src/lazyScreen.tsx), so a phone on a slow link loads only the
  // room: three scripts, ~147 KB brotli (docs/BENCHMARKS.md, tests/e2e/firstLoad.test.ts).
  // No source maps: the server would publish them, and with them the app's source as written.
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: false,
    rolldownOptions: {
      // Brotli at its highest level is slow by design (once per build); on 2 busy cores the bundler
      // would warn about slow callbacks on every build, and the e2e setup prints any warning.
      checks: { bundlerTimings: false },
      // shared/ is pure code (docs/ARCHITECTURE.md): importing a module does nothing but define. Said
      // so, the bundler leaves out what the client never uses of it, mostly zod schemas of the
      // server's own (clinical records, accounts): their top-level \`z.object(…)\` calls would
      // otherwise count as side effects and stay in the partner's first load.
      treeshake: { moduleSideEffects: (id: string) => !/[\\/]shared[\\/]/.test(id) },
      output: {
        // What every page needs — React, the room's libraries, the protocol and the follower — as one
        // chunk. Left to itself the bundler cuts it into a handful of small shared chunks: each one
        // more request (a round trip and ~1 KB of headers on a slow link) and worse compression.
        codeSplitting: {
          groups: [
            {
              name: 'room',
              test: /node_modules[\\/](react|react-dom|scheduler|zod|yjs|lib0|y-websocket|y-protocols|y-indexeddb|socket\.io-client|socket\.io-parser|engine\.io-client|engine\.io-parser|@socket\.io[\\/]component-emitter)[\\/]|[\\/]client[\\/]src[\\/]room[\\/]|[\\/]shared[\\/](protocol|engine|follower|docs)[\\/]/,
            },
          ],
        },
      },
    },
  },
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
