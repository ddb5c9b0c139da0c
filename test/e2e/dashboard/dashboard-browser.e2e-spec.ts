import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../../setup/chromium.js';
import { createTestApp, type TestApp } from '../../setup/create-test-app.js';

const ARTIFACTS = join(process.cwd(), 'test-artifacts', 'dashboard');
const MINUTE = 60_000;

/**
 * The dashboard in a real headless Chromium against the real server: data goes in through
 * the ingest APIs, and the test reads it back the way a person would, saving a screenshot of
 * every page to test-artifacts/dashboard/.
 */
describe('dashboard in a browser', () => {
  let app: TestApp;
  let browser: Browser;
  const now = Date.now();
  const at = (offsetMs: number) => new Date(now + offsetMs).toISOString();

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    app = await createTestApp();
    await seed(app, at);
    browser = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  async function newPage(): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    return page;
  }

  async function shot(page: Page, name: string): Promise<void> {
    await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
  }

  it('should walk from sign-in through traces, a generation, a session and a metric chart', async () => {
    const page = await newPage();

    // Sign in with the token; the overview shows the seeded traffic.
    await page.goto(`${app.baseUrl}/`);
    await page.waitForURL(/\/sign-in/);
    await shot(page, '01-sign-in');
    await page.getByRole('textbox', { name: 'API token' }).fill(app.token);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Overview' }).waitFor();
    await expectText(page.getByTestId('stat-traces').getByTestId('stat-value'), /^3$/);
    await expectText(page.getByTestId('stat-users').getByTestId('stat-value'), /^2$/);
    await expectText(page.getByTestId('stat-total-cost').getByTestId('stat-value'), /^\$0\.000323$/);
    await expectText(page.getByTestId('stat-sessions').getByTestId('stat-value'), /^1$/);
    await page.getByTestId('chart-cost-by-model').getByText('gpt-4o-mini').first().waitFor();
    await shot(page, '02-overview');

    // The trace list, filtered by user: the filter lands in the URL and the table follows it.
    await page.getByRole('link', { name: 'Traces' }).click();
    await expectCount(page.getByTestId('trace-row'), 3);
    await page.getByLabel('User').fill('alice');
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.waitForURL(/userId=alice/);
    await expectCount(page.getByTestId('trace-row'), 2);
    await shot(page, '03-traces-filtered');

    // Only one of alice's traces holds an error.
    await page.getByLabel('Level').selectOption('ERROR');
    await page.waitForURL(/level=ERROR/);
    await expectCount(page.getByTestId('trace-row'), 1);

    // Open the first chat turn and select its generation: chat input as a conversation, cost.
    await page.getByTestId('trace-row').filter({ hasText: 'sess-e2e' }).last().getByRole('link', { name: 'chat-turn' }).click();
    await page.getByTestId('observation-waterfall').waitFor();
    await expectCount(page.getByTestId('observation-row'), 4);
    await expectText(page.getByTestId('trace-errors'), /1 error/);
    await page.getByTestId('observation-row').filter({ hasText: 'llm-call' }).click();
    const panel = page.getByTestId('observation-panel');
    await panel.getByTestId('chat-view').first().waitFor();
    await expectText(panel.locator('[data-role="user"]').first(), /What is the capital of France\?/);
    await expectText(panel.locator('[data-role="system"]').first(), /You answer in one word/);
    await expectText(panel.getByTestId('observation-cost'), /\$0\.000123/);
    await expectText(panel.getByTestId('observation-facts'), /gpt-4o-mini/);
    await expectText(panel.getByTestId('observation-facts'), /300ms/); // time to first token
    await expectText(panel.getByTestId('scores-list'), /helpfulness/);
    await shot(page, '04-trace-generation');

    // The failing tool call is highlighted with its status message.
    await page.getByTestId('observation-row').filter({ hasText: 'web-search' }).click();
    await expectText(page.getByTestId('status-message'), /search backend timed out/);
    await shot(page, '05-trace-error');

    // The session: both turns, oldest first, as a conversation.
    await page.getByRole('link', { name: 'sess-e2e' }).first().click();
    await page.getByTestId('session-conversation').waitFor();
    const turns = page.getByTestId('session-turn');
    await expectCount(turns, 2);
    await expectText(turns.nth(0), /What is the capital of France\?/);
    await expectText(turns.nth(1), /And of Italy\?/);
    await shot(page, '06-session');

    // The sessions list has it too.
    await page.getByRole('link', { name: 'Sessions' }).click();
    await expectCount(page.getByTestId('session-row'), 1);
    await expectText(page.getByTestId('session-row'), /sess-e2e/);

    // A metric grouped by a label: one line per GPU, named in the legend.
    await page.getByRole('link', { name: 'Metrics' }).click();
    await page.getByLabel('Metric', { exact: true }).selectOption('gpu_util');
    await page.getByLabel('Group by').selectOption('gpu');
    await page.waitForURL(/group_by=gpu/);
    await expectText(page.getByTestId('series-count'), /2 series/);
    const legend = page.getByTestId('metric-chart').locator('[data-slot="chart-legend"]');
    await expectText(legend, /gpu=0/);
    await expectText(legend, /gpu=1/);
    await expect(page.getByTestId('metric-chart').locator('.recharts-line').count()).resolves.toBe(2);
    await shot(page, '07-metrics-grouped');

    // A label filter narrows it to one series.
    await page.getByLabel('Label gpu').selectOption('1');
    await expectText(page.getByTestId('series-count'), /1 series/);
  }, 120_000);

  it('should sign in from a /#token= link and drop the token from the address bar', async () => {
    const page = await newPage();
    await page.goto(`${app.baseUrl}/traces#token=${encodeURIComponent(app.token)}`);
    await page.getByRole('heading', { name: 'Traces' }).waitFor();
    await expectCount(page.getByTestId('trace-row'), 3);
    expect(page.url()).not.toContain(app.token);
    await page.reload();
    await expectCount(page.getByTestId('trace-row'), 3);
  }, 60_000);

  it('should send a rejected token back to the sign-in page', async () => {
    const page = await newPage();
    await page.goto(`${app.baseUrl}/#token=not-the-token`);
    await page.waitForURL(/\/sign-in/);
    await expectText(page.getByRole('alert'), /rejected/);

    // Credentials that stop working (rotated token) end the session on the next 401.
    const stale = JSON.stringify({ kind: 'token', token: 'rotated-away' });
    await page.evaluate((value) => (globalThis as unknown as { sessionStorage: { setItem(key: string, value: string): void } }).sessionStorage.setItem('xtrace.credentials', value), stale);
    await page.goto(`${app.baseUrl}/traces`);
    await page.waitForURL(/\/sign-in/);
    await expectText(page.getByRole('alert'), /401/);
    await shot(page, '08-signed-out-on-401');
  }, 60_000);
});

async function expectText(locator: ReturnType<Page['getByTestId']>, pattern: RegExp): Promise<void> {
  await locator.filter({ hasText: pattern }).first().waitFor();
}

async function expectCount(locator: ReturnType<Page['getByTestId']>, count: number): Promise<void> {
  const deadline = Date.now() + 15_000;
  let seen = await locator.count();
  while (seen !== count && Date.now() < deadline) {
    await new Promise((done) => setTimeout(done, 100));
    seen = await locator.count();
  }
  expect(seen).toBe(count);
}

/** Two chat turns of one session (the first with a failing tool call), an unrelated batch job, and GPU metrics. */
async function seed(app: TestApp, at: (offsetMs: number) => string): Promise<void> {
  const batches = [
    {
      trace: {
        id: 'trace-turn-1',
        name: 'chat-turn',
        timestamp: at(-10 * MINUTE),
        userId: 'alice',
        sessionId: 'sess-e2e',
        tags: ['chat'],
        release: 'v1.2.0',
        input: [{ role: 'user', content: 'What is the capital of France?' }],
        output: { role: 'assistant', content: 'Paris.' },
      },
      observations: [
        { id: 'obs-root-1', traceId: 'trace-turn-1', type: 'SPAN', name: 'handle-request', startTime: at(-10 * MINUTE), endTime: at(-10 * MINUTE + 1500) },
        {
          id: 'obs-llm-1',
          traceId: 'trace-turn-1',
          type: 'GENERATION',
          name: 'llm-call',
          parentObservationId: 'obs-root-1',
          startTime: at(-10 * MINUTE + 200),
          completionStartTime: at(-10 * MINUTE + 500),
          endTime: at(-10 * MINUTE + 1200),
          model: 'gpt-4o-mini',
          modelParameters: { temperature: 0 },
          input: [
            { role: 'system', content: 'You answer in one word.' },
            { role: 'user', content: 'What is the capital of France?' },
          ],
          output: { role: 'assistant', content: 'Paris.' },
          promptTokens: 20,
          completionTokens: 5,
          totalTokens: 25,
          calculatedInputCost: 0.0001,
          calculatedOutputCost: 0.000023,
          calculatedTotalCost: 0.000123,
        },
        {
          id: 'obs-tool-1',
          traceId: 'trace-turn-1',
          type: 'SPAN',
          name: 'web-search',
          parentObservationId: 'obs-root-1',
          startTime: at(-10 * MINUTE + 1250),
          endTime: at(-10 * MINUTE + 1450),
          level: 'ERROR',
          statusMessage: 'search backend timed out',
        },
        { id: 'obs-event-1', traceId: 'trace-turn-1', type: 'EVENT', name: 'cache-miss', parentObservationId: 'obs-root-1', startTime: at(-10 * MINUTE + 100) },
      ],
    },
    {
      trace: {
        id: 'trace-turn-2',
        name: 'chat-turn',
        timestamp: at(-5 * MINUTE),
        userId: 'alice',
        sessionId: 'sess-e2e',
        tags: ['chat'],
        input: [{ role: 'user', content: 'And of Italy?' }],
        output: { role: 'assistant', content: 'Rome.' },
      },
      observations: [
        {
          id: 'obs-llm-2',
          traceId: 'trace-turn-2',
          type: 'GENERATION',
          name: 'llm-call',
          startTime: at(-5 * MINUTE),
          endTime: at(-5 * MINUTE + 800),
          model: 'gpt-4o-mini',
          input: [{ role: 'user', content: 'And of Italy?' }],
          output: { role: 'assistant', content: 'Rome.' },
          promptTokens: 30,
          completionTokens: 4,
          totalTokens: 34,
          calculatedTotalCost: 0.0002,
        },
      ],
    },
    {
      trace: { id: 'trace-batch', name: 'nightly-batch', timestamp: at(-2 * MINUTE), userId: 'bob', tags: ['batch'], input: { job: 'reindex' } },
      observations: [
        { id: 'obs-batch', traceId: 'trace-batch', type: 'SPAN', name: 'reindex', startTime: at(-2 * MINUTE), endTime: at(-2 * MINUTE + 3000) },
      ],
    },
  ];
  for (const batch of batches) {
    const response = await app.request('/v1/l/batch', { method: 'POST', body: batch });
    expect(response.status).toBe(200);
  }
  const score = await app.request('/api/public/scores', {
    method: 'POST',
    body: { traceId: 'trace-turn-1', observationId: 'obs-llm-1', name: 'helpfulness', value: 0.9 },
  });
  expect(score.status).toBeLessThan(300);
  const metrics = [];
  for (let minute = 30; minute >= 1; minute--) {
    for (const gpu of ['0', '1']) {
      metrics.push({ name: 'gpu_util', labels: { gpu, host: 'node-a' }, value: gpu === '0' ? 40 + minute : 80 - minute, timestamp: at(-minute * MINUTE) });
    }
  }
  const response = await app.request('/v1/metrics/batch', { method: 'POST', body: { metrics } });
  expect(response.status).toBe(200);
}
