// `npm run build` (and `npm start`): the server compiled ahead of time into dist/server/, so a start
// or a restart loads plain JavaScript. Under tsx, compiling the TypeScript at start was ~90 % of the
// 3.5 s from launch to listening (issue 12: a restart is the first part of every reconnect storm).
// esbuild is already the server's dependency (the writer thread is bundled with it at run time when
// no prebuilt copy sits beside the code). Packages stay external: node_modules is loaded as is.
// dist/server/ is two levels deep like server/http/, so paths made from import.meta.url (the built
// web client in client/dist) resolve the same from the bundle as from the sources.
import { build } from 'esbuild';

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  packages: 'external',
  sourcemap: true,
  logLevel: 'warning',
};

await Promise.all([
  build({ ...common, entryPoints: ['server/main.ts'], format: 'esm', outfile: 'dist/server/main.mjs' }),
  // The writer thread (S19) runs from its own file: server/store/sqlite/writer.ts looks for it here.
  build({
    ...common,
    entryPoints: ['server/store/sqlite/writerThread.ts'],
    format: 'cjs',
    outfile: 'dist/server/writerThread.cjs',
  }),
]);
