import { sveltekit } from '@sveltejs/kit/vite';
import { cpSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { defineConfig, type Plugin } from 'vite';

export default defineConfig({
  plugins: [sveltekit(), standaloneScripts()],
  build: { reportCompressedSize: false },
});

/**
 * The place fields' script is a standalone file (`?worker&url` bundles it with its imports,
 * then the page loads it with a <script>, no hydration). Pages with `csr = false` are not in
 * SvelteKit's client build, so the file exists only in the server build: copy it to the
 * client's files before the adapter publishes them (it does so once every plugin has written).
 */
function standaloneScripts(): Plugin {
  return {
    name: 'trame-standalone-scripts',
    apply: 'build',
    writeBundle: {
      sequential: true,
      handler(options) {
        const server = options.dir ?? '';
        const workers = join(server, '_app', 'immutable', 'workers');
        if (!server.endsWith(join('output', 'server')) || !existsSync(workers)) return;
        cpSync(workers, join(server, '..', 'client', '_app', 'immutable', 'workers'), { recursive: true });
      },
    },
  };
}
