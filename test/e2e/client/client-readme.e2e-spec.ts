import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { createTestApp, type TestApp } from '../../setup/create-test-app.js';

const run = promisify(execFile);
const README = resolve(process.cwd(), 'client/README.md');

/** The README's ```js blocks, each a complete ES module, with the heading it sits under. */
function examples(): [string, string][] {
  const found: [string, string][] = [];
  let heading = '';
  for (const block of readFileSync(README, 'utf8').split(/^```/m).map((part, index) => [part, index] as const)) {
    const [text, index] = block;
    if (index % 2 === 0) {
      heading = [...text.matchAll(/^## (.+)$/gm)].at(-1)?.[1] ?? heading;
    } else if (text.startsWith('js\n')) {
      found.push([heading, text.slice(3)]);
    }
  }
  return found;
}

describe('the xtrace-client README examples run against a real server', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await createTestApp();
  });
  afterAll(() => app.close());

  it('has an example for each section', () => {
    expect(examples().map(([heading]) => heading)).toEqual(['Traces', 'Metrics', 'Errors, retries and timeouts', 'MetricsReporter', 'OpenTelemetry']);
  });

  it.each(examples())('%s', async (_heading, source) => {
    // Run from the repository root so `xtrace-client` resolves to the workspace package.
    const { stdout } = await run(process.execPath, ['--input-type=module', '--eval', source], {
      cwd: process.cwd(),
      env: { PATH: process.env.PATH ?? '', XTRACE_URL: app.baseUrl, XTRACE_TOKEN: app.token },
      timeout: 30_000,
    });
    if (process.env.SHOW_EXAMPLE_OUTPUT) process.stdout.write(stdout);
    expect(stdout.trim()).not.toBe('');
  });
});
