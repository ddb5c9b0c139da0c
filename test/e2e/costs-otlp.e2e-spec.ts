import { randomBytes } from 'node:crypto';
import { createTestApp, type TestApp } from '../setup/create-test-app.js';

type Attribute = { key: string; value: Record<string, unknown> };

const hex = (bytes: number) => randomBytes(bytes).toString('hex');
const int = (key: string, value: number): Attribute => ({ key, value: { intValue: value } });
const str = (key: string, value: string): Attribute => ({ key, value: { stringValue: value } });
const START_NANOS = '1772359200000000000'; // 2026-03-01T10:00:00Z

/** Computed costs for spans arriving through OTLP/HTTP JSON (`gen_ai.usage.*`, Langfuse usage_details). */
describe('cost accounting on OTLP ingest', () => {
  let app: TestApp;
  let gpt4oMini: Record<string, number>;
  beforeAll(async () => {
    app = await createTestApp();
    const model = (await app.request('/api/public/models/builtin-openai-gpt-4o-mini')).body;
    gpt4oMini = Object.fromEntries(Object.entries(model.prices).map(([key, value]: [string, any]) => [key, value.price]));
  });
  afterAll(() => app.close());

  /** Exports one span with `attributes` and returns the observation as trace detail shows it. */
  async function exportSpan(attributes: Attribute[]): Promise<any> {
    const traceId = hex(16);
    const spanId = hex(8);
    const response = await app.request('/api/public/otel/v1/traces', {
      method: 'POST',
      body: {
        resourceSpans: [
          {
            resource: { attributes: [str('service.name', 'costs')] },
            scopeSpans: [
              {
                scope: { name: 'costs-test' },
                spans: [
                  {
                    traceId,
                    spanId,
                    name: 'chat',
                    kind: 3,
                    startTimeUnixNano: START_NANOS,
                    endTimeUnixNano: START_NANOS,
                    attributes,
                    status: { code: 1 },
                  },
                ],
              },
            ],
          },
        ],
      },
    });
    expect(response.status).toBe(200);
    const trace = await app.request(`/api/public/traces/${traceId}`);
    expect(trace.status).toBe(200);
    return trace.body.observations.find((observation: any) => observation.id === spanId);
  }

  it('prices gen_ai.usage.* attributes with the request model', async () => {
    const view = await exportSpan([
      str('gen_ai.request.model', 'gpt-4o-mini'),
      int('gen_ai.usage.input_tokens', 1500),
      int('gen_ai.usage.output_tokens', 250),
    ]);
    expect(view.type).toBe('GENERATION');
    expect(view.modelId).toBe('builtin-openai-gpt-4o-mini');
    expect(view.calculatedInputCost).toBeCloseTo(1500 * gpt4oMini.input, 12);
    expect(view.calculatedOutputCost).toBeCloseTo(250 * gpt4oMini.output, 12);
    expect(view.calculatedTotalCost).toBeCloseTo(1500 * gpt4oMini.input + 250 * gpt4oMini.output, 12);
  });

  it('prices gen_ai.usage.cache_read.input_tokens at the cache-read price', async () => {
    const view = await exportSpan([
      str('gen_ai.response.model', 'gpt-4o-mini'),
      int('gen_ai.usage.input_tokens', 100),
      int('gen_ai.usage.output_tokens', 10),
      int('gen_ai.usage.cache_read.input_tokens', 900),
    ]);
    const cached = 900 * gpt4oMini.input_cache_read;
    expect(view.costDetails.cache_read_input_tokens).toBeCloseTo(cached, 12);
    expect(view.calculatedTotalCost).toBeCloseTo(100 * gpt4oMini.input + cached + 10 * gpt4oMini.output, 12);
  });

  it('prices the Langfuse SDK usage_details attribute', async () => {
    const view = await exportSpan([
      str('langfuse.observation.type', 'generation'),
      str('langfuse.observation.model.name', 'gpt-4o-mini'),
      str('langfuse.observation.usage_details', JSON.stringify({ input: 42, output: 8, total: 50 })),
    ]);
    expect(view.calculatedTotalCost).toBeCloseTo(42 * gpt4oMini.input + 8 * gpt4oMini.output, 12);
  });

  it('keeps a cost the span carries', async () => {
    const view = await exportSpan([
      str('gen_ai.request.model', 'gpt-4o-mini'),
      int('gen_ai.usage.input_tokens', 1500),
      { key: 'gen_ai.usage.cost', value: { doubleValue: 0.042 } },
    ]);
    expect(view).toMatchObject({ calculatedTotalCost: 0.042, modelId: null });
  });
});
