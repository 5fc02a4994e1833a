import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { defineConfig, type Plugin } from 'vite';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(HERE, '../../..');

/**
 * The console's single-page app (issue 17): built into dist/console-web, which the console process serves.
 * `npm run build:console` builds it; `npm run dev:console-web` serves it with the API forwarded to a running console.
 */
export default defineConfig(({ command }) => ({
  root: HERE,
  base: '/',
  resolve: {
    // The one thing the app takes from the services' code: the closed vocabularies, plain constants.
    alias: { '@rcrp/events/vocabulary': resolve(ROOT, 'libs/events/src/vocabulary.ts') },
  },
  oxc: { jsx: { runtime: 'automatic', development: command !== 'build' } },
  build: {
    outDir: resolve(ROOT, 'dist/console-web'),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    reportCompressedSize: false,
    rolldownOptions: {
      // TanStack Query marks its modules "use client" for React Server Components; a browser bundle has no use for it.
      onwarn(warning, warn) {
        if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
      },
    },
  },
  server: {
    proxy: {
      '/api': 'http://127.0.0.1:3000',
      '/auth': 'http://127.0.0.1:3000',
    },
  },
  // A build is always the production build, whatever NODE_ENV the shell has (npm test sets it to test, which would
  // give React's development build, four times the size, and the development JSX transform with it).
  define: command === 'build' ? { 'process.env.NODE_ENV': JSON.stringify('production') } : {},
  plugins: [bundleBudget({ limitKiB: 400 })],
}));

/**
 * Prints the gzipped size of everything the browser downloads (JavaScript, CSS, HTML; not source maps) and fails
 * the build above `limitKiB` (issue 17: at most 400 KB gzipped), so the console stays quick on a slow line.
 */
function bundleBudget({ limitKiB }: { limitKiB: number }): Plugin {
  return {
    name: 'rcrp-bundle-budget',
    apply: 'build',
    generateBundle(_options, bundle) {
      const sizes = Object.values(bundle)
        .filter((file) => /\.(js|css|html)$/.test(file.fileName))
        .map((file) => {
          const content = file.type === 'chunk' ? file.code : file.source;
          return { name: file.fileName, gzip: gzipSync(content).length };
        })
        .sort((a, b) => b.gzip - a.gzip);
      const totalKiB = sizes.reduce((sum, file) => sum + file.gzip, 0) / 1024;
      const largest = sizes
        .slice(0, 3)
        .map((file) => `${file.name} ${(file.gzip / 1024).toFixed(1)} KB`)
        .join(', ');
      this.info(
        `console web app: ${totalKiB.toFixed(1)} KB gzipped (limit ${limitKiB} KB; largest: ${largest})`,
      );
      if (totalKiB > limitKiB) {
        this.error(
          `console web app is ${totalKiB.toFixed(1)} KB gzipped, over the ${limitKiB} KB budget (issue 17): split or drop a dependency`,
        );
      }
    },
  };
}
