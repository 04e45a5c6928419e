import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
export default {
  preprocess: vitePreprocess(),
  kit: {
    // Built into apps/web/build; `npm start` mounts build/handler.js in the api's express.
    adapter: adapter({ out: 'build', precompress: true }),
    // Inline the (small) stylesheets: no render-blocking request before the first paint on slow 3G.
    inlineStyleThreshold: 16384,
    // Absolute asset paths (/_app/…): the same on every page, however deep.
    paths: { relative: false },
    // PUBLIC_URL is the server configuration shared with the api, not a value for the browser:
    // SvelteKit's default prefix (PUBLIC_) would hide it from server code.
    env: { publicPrefix: 'TRAME_BROWSER_' },
    // The domain's word lists (kinds, stages…), one plain module with no imports: the pages
    // offer exactly what the api accepts.
    alias: { $vocabulary: '../../libs/domain/src/shared/vocabulary.ts' },
  },
};
