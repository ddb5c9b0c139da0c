import protobuf from 'protobufjs';
import { AppError } from '../../common/errors/app-error.js';
import type { ExportRequestMessage } from './otlp-protobuf-spans.js';

/**
 * The OTLP trace messages (opentelemetry-proto v1: collector/trace/v1/trace_service.proto,
 * trace/v1/trace.proto, common/v1/common.proto, resource/v1/resource.proto; Apache-2.0),
 * reduced to the messages an export request uses. Field numbers are the wire contract.
 *
 * Why protobufjs and this schema: `@opentelemetry/otlp-transformer` only encodes (its
 * protobuf writer has no decoder), so decoding needs a maintained protobuf runtime.
 * protobufjs parses the schema once at start and decodes with generated code.
 */
const OTLP_TRACE_PROTO = `
syntax = "proto3";
package opentelemetry.proto;

message AnyValue {
  oneof value {
    string string_value = 1;
    bool bool_value = 2;
    int64 int_value = 3;
    double double_value = 4;
    ArrayValue array_value = 5;
    KeyValueList kvlist_value = 6;
    bytes bytes_value = 7;
  }
}
message ArrayValue { repeated AnyValue values = 1; }
message KeyValueList { repeated KeyValue values = 1; }
message KeyValue { string key = 1; AnyValue value = 2; }
message InstrumentationScope {
  string name = 1;
  string version = 2;
  repeated KeyValue attributes = 3;
  uint32 dropped_attributes_count = 4;
}
message Resource {
  repeated KeyValue attributes = 1;
  uint32 dropped_attributes_count = 2;
}

message ResourceSpans {
  Resource resource = 1;
  repeated ScopeSpans scope_spans = 2;
  string schema_url = 3;
}
message ScopeSpans {
  InstrumentationScope scope = 1;
  repeated Span spans = 2;
  string schema_url = 3;
}
message Span {
  bytes trace_id = 1;
  bytes span_id = 2;
  string trace_state = 3;
  bytes parent_span_id = 4;
  fixed32 flags = 16;
  string name = 5;
  int32 kind = 6;
  fixed64 start_time_unix_nano = 7;
  fixed64 end_time_unix_nano = 8;
  repeated KeyValue attributes = 9;
  uint32 dropped_attributes_count = 10;
  message Event {
    fixed64 time_unix_nano = 1;
    string name = 2;
    repeated KeyValue attributes = 3;
    uint32 dropped_attributes_count = 4;
  }
  repeated Event events = 11;
  uint32 dropped_events_count = 12;
  message Link {
    bytes trace_id = 1;
    bytes span_id = 2;
    string trace_state = 3;
    repeated KeyValue attributes = 4;
    uint32 dropped_attributes_count = 5;
    fixed32 flags = 6;
  }
  repeated Link links = 13;
  uint32 dropped_links_count = 14;
  Status status = 15;
}
message Status {
  string message = 2;
  int32 code = 3;
}

message ExportTraceServiceRequest { repeated ResourceSpans resource_spans = 1; }
message ExportTraceServiceResponse { ExportTracePartialSuccess partial_success = 1; }
message ExportTracePartialSuccess {
  int64 rejected_spans = 1;
  string error_message = 2;
}
`;

const root = protobuf.parse(OTLP_TRACE_PROTO).root;
const ExportRequest = root.lookupType('opentelemetry.proto.ExportTraceServiceRequest');
const ExportResponse = root.lookupType('opentelemetry.proto.ExportTraceServiceResponse');

/** Decodes a protobuf ExportTraceServiceRequest (read by `readExportMessage`); a 400 when it is not one. */
export function decodeExportRequest(body: Buffer): ExportRequestMessage {
  try {
    return ExportRequest.decode(body) as unknown as ExportRequestMessage;
  } catch (error) {
    throw AppError.badRequest(`invalid protobuf: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/**
 * A decoded message in the OTLP/JSON object shape (camelCase keys, 64-bit numbers as
 * decimal strings, bytes as base64), as `parseExportRequest` reads it.
 */
export function jsonShapeOf(message: object, type: OtlpMessageName): unknown {
  return otlpMessageType(type).toObject(message as protobuf.Message, { longs: String, bytes: String, defaults: false });
}

type OtlpMessageName = 'ExportTraceServiceRequest' | 'Span' | 'Resource' | 'InstrumentationScope';

/** One message type of the schema above. */
export function otlpMessageType(name: OtlpMessageName): protobuf.Type {
  return root.lookupType(`opentelemetry.proto.${name}`);
}

/** An ExportTraceServiceResponse: empty (zero bytes) unless spans were rejected. */
export function encodeExportResponse(partialSuccess?: { rejectedSpans: number; errorMessage: string }): Buffer {
  const message = ExportResponse.fromObject(partialSuccess ? { partialSuccess } : {});
  return Buffer.from(ExportResponse.encode(message).finish());
}

