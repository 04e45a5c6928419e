import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateOpenApiFiles, OPENAPI_JSON, OPENAPI_TYPES } from '../../scripts/openapi-types';

const ROOT = join(__dirname, '..', '..');

/** The first line where two texts differ (a readable failure instead of a diff of 5,000 lines), or undefined. */
function firstDifference(file: string, committed: string, now: string): string | undefined {
  if (committed === now) return undefined;
  const [a, b] = [committed.split('\n'), now.split('\n')];
  const line = a.findIndex((text, i) => text !== b[i]);
  const at = line === -1 ? a.length : line;
  return `${file}:${at + 1} is ${JSON.stringify(a[at])}, the api now gives ${JSON.stringify(b[at])}: run \`npm run openapi:types\``;
}

/*
 * The web app's api client is typed from the committed OpenAPI document: when the api
 * changes, this fails until `npm run openapi:types` is run and its output committed, so the
 * pages are type-checked (svelte-check) against the api as it is.
 */
describe('the web app’s api types', () => {
  it('are what the api generates now', async () => {
    const now = await generateOpenApiFiles();
    expect(firstDifference(OPENAPI_JSON, readFileSync(join(ROOT, OPENAPI_JSON), 'utf8'), now.json)).toBeUndefined();
    expect(firstDifference(OPENAPI_TYPES, readFileSync(join(ROOT, OPENAPI_TYPES), 'utf8'), now.types)).toBeUndefined();
  });
});
