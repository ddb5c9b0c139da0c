import { context, type Span, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { type ExportResult, ExportResultCode } from '@opentelemetry/core';
import { OTLPTraceExporter as OtlpHttpJsonExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as OtlpProtoExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, NodeTracerProvider, type SpanExporter } from '@opentelemetry/sdk-trace-node';
import { createTestApp, type TestApp } from '../../setup/create-test-app.js';

type ExporterClass = typeof OtlpProtoExporter | typeof OtlpHttpJsonExporter;

/** Wraps an exporter to keep the result of every export call. */
function recording(exporter: SpanExporter, results: ExportResult[]): SpanExporter {
  return {
    export: (spans, done) =>
      exporter.export(spans, (result) => {
        results.push(result);
        done(result);
      }),
    shutdown: () => exporter.shutdown(),
    forceFlush: () => exporter.forceFlush?.() ?? Promise.resolve(),
  };
}

/** A plain OpenTelemetry app: an agent run with a GenAI chat span and a failing tool span. */
async function runInstrumentedApp(app: TestApp, Exporter: ExporterClass, gzip: boolean, label: string) {
  const results: ExportResult[] = [];
  const exporter = new Exporter({
    url: `${app.baseUrl}/api/public/otel/v1/traces`,
    headers: { Authorization: `Bearer ${app.token}` },
    ...(gzip ? { compression: 'gzip' as never } : {}),
  });
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({
      'service.name': `svc-${label}`,
      'service.version': '9.9.9',
      'deployment.environment.name': 'test',
    }),
    spanProcessors: [new BatchSpanProcessor(recording(exporter, results))],
  });
  const tracer = provider.getTracer('my-app', '1.0.0');
  const root = tracer.startSpan(`agent-run-${label}`, {
    attributes: {
      'user.id': 'otel-user',
      'session.id': `otel-session-${label}`,
      'langfuse.trace.tags': ['otel', label],
    },
  });
  const inRoot = trace.setSpan(context.active(), root);
  const chat: Span = tracer.startSpan(
    'chat gpt-4o-mini',
    {
      kind: SpanKind.CLIENT,
      attributes: {
        'gen_ai.operation.name': 'chat',
        'gen_ai.system': 'openai',
        'gen_ai.request.model': 'gpt-4o-mini',
        'gen_ai.response.model': 'gpt-4o-mini-2024-07-18',
        'gen_ai.request.temperature': 0.5,
        'gen_ai.request.max_tokens': 256,
        'gen_ai.usage.input_tokens': 21,
        'gen_ai.usage.output_tokens': 9,
        'gen_ai.usage.cost': 0.00042,
        'gen_ai.input.messages': JSON.stringify([{ role: 'user', parts: [{ type: 'text', content: 'hi' }] }]),
        'gen_ai.output.messages': JSON.stringify([{ role: 'assistant', parts: [{ type: 'text', content: 'hello' }] }]),
      },
    },
    inRoot,
  );
  chat.setStatus({ code: SpanStatusCode.OK });
  chat.end();
  const tool = tracer.startSpan('tool call', { attributes: { 'gen_ai.operation.name': 'execute_tool', 'gen_ai.tool.name': 'search' } }, inRoot);
  tool.recordException(new Error('boom'));
  tool.setStatus({ code: SpanStatusCode.ERROR, message: 'search backend down' });
  tool.end();
  root.end();
  await provider.forceFlush();
  await provider.shutdown();
  return {
    results,
    traceId: root.spanContext().traceId,
    ids: { root: root.spanContext().spanId, chat: chat.spanContext().spanId, tool: tool.spanContext().spanId },
  };
}

describe('plain OpenTelemetry OTLP exporters against xtrace', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await createTestApp();
  });
  afterAll(() => app.close());

  it.each([
    ['protobuf, gzip', OtlpProtoExporter, true, 'proto'],
    ['JSON', OtlpHttpJsonExporter, false, 'json'],
    ['JSON, gzip', OtlpHttpJsonExporter, true, 'jsongz'],
  ] as [string, ExporterClass, boolean, string][])('stores what the %s exporter sends', async (_name, Exporter, gzip, label) => {
    const { results, traceId, ids } = await runInstrumentedApp(app, Exporter, gzip, label);
    expect(results.map((result) => [result.code, result.error?.message])).toEqual([[ExportResultCode.SUCCESS, undefined]]);

    const stored = await app.request(`/api/public/traces/${traceId}`);
    expect(stored.status).toBe(200);
    expect(stored.body).toMatchObject({
      id: traceId,
      name: `agent-run-${label}`,
      userId: 'otel-user',
      sessionId: `otel-session-${label}`,
      tags: ['otel', label],
      environment: 'test',
      version: '9.9.9',
    });
    const byId = Object.fromEntries(stored.body.observations.map((o: any) => [o.id, o]));
    expect(Object.keys(byId).sort()).toEqual(Object.values(ids).sort());
    expect(byId[ids.root]).toMatchObject({ name: `agent-run-${label}`, type: 'SPAN', parentObservationId: null, level: 'DEFAULT' });
    expect(byId[ids.chat]).toMatchObject({
      name: 'chat gpt-4o-mini',
      type: 'GENERATION',
      parentObservationId: ids.root,
      model: 'gpt-4o-mini',
      modelParameters: { temperature: 0.5, max_tokens: 256 },
      input: [{ role: 'user', parts: [{ type: 'text', content: 'hi' }] }],
      output: [{ role: 'assistant', parts: [{ type: 'text', content: 'hello' }] }],
      promptTokens: 21,
      completionTokens: 9,
      totalTokens: 30,
      calculatedTotalCost: 0.00042,
      environment: 'test',
    });
    expect(byId[ids.chat].metadata.resourceAttributes).toMatchObject({ 'service.name': `svc-${label}` });
    expect(byId[ids.tool]).toMatchObject({
      name: 'tool call',
      type: 'TOOL',
      parentObservationId: ids.root,
      level: 'ERROR',
      statusMessage: 'search backend down',
    });
    expect(byId[ids.tool].metadata.events).toEqual([
      expect.objectContaining({ name: 'exception', attributes: expect.objectContaining({ 'exception.message': 'boom' }) }),
    ]);
  });
});
