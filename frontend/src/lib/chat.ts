// Recognises chat transcripts in observation input/output so they render as a conversation.

export interface ChatMessage {
  role: string;
  /** The text of the message (text parts joined); empty when it only carries tool calls. */
  content: string;
  /** Anything else worth showing: tool calls, non-text parts, a tool call id. */
  extra?: Record<string, unknown>;
}

type Value = unknown;

/**
 * Returns the messages when `value` is a chat transcript, else `null`. Accepted shapes: an
 * array of `{role, content}`; `{messages: [...]}`; one `{role, content}` message; an OpenAI
 * completion `{choices: [{message}]}`; and the same as JSON text.
 */
export function toChatMessages(value: Value): ChatMessage[] | null {
  const parsed = typeof value === 'string' ? parseJson(value) : value;
  if (Array.isArray(parsed)) return messagesOf(parsed);
  if (!isObject(parsed)) return null;
  if (Array.isArray(parsed.messages)) return messagesOf(parsed.messages);
  if (Array.isArray(parsed.choices)) {
    const messages = parsed.choices.map((choice) => (isObject(choice) ? choice.message : undefined));
    return messagesOf(messages);
  }
  const single = toMessage(parsed);
  return single ? [single] : null;
}

function messagesOf(items: readonly Value[]): ChatMessage[] | null {
  if (items.length === 0) return null;
  const messages: ChatMessage[] = [];
  for (const item of items) {
    const message = toMessage(item);
    if (!message) return null;
    messages.push(message);
  }
  return messages;
}

function toMessage(item: Value): ChatMessage | null {
  if (!isObject(item) || typeof item.role !== 'string') return null;
  if (!('content' in item) && !('tool_calls' in item) && !('parts' in item)) return null;
  const { role, content, parts, ...rest } = item;
  const text = textOf(content ?? parts);
  if (text === null) return null;
  const extra: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(rest)) if (field !== null && field !== undefined) extra[key] = field;
  if (text.nonText.length) extra.parts = text.nonText;
  return { role, content: text.text, ...(Object.keys(extra).length ? { extra } : {}) };
}

/** Message content as text: a string, or multi-part content whose text parts are joined. */
function textOf(content: Value): { text: string; nonText: unknown[] } | null {
  if (content === null || content === undefined) return { text: '', nonText: [] };
  if (typeof content === 'string') return { text: content, nonText: [] };
  if (!Array.isArray(content)) return null;
  const texts: string[] = [];
  const nonText: unknown[] = [];
  for (const part of content) {
    if (typeof part === 'string') texts.push(part);
    else if (isObject(part) && typeof part.text === 'string') texts.push(part.text);
    else nonText.push(part);
  }
  return { text: texts.join('\n'), nonText };
}

function parseJson(text: string): Value {
  const trimmed = text.trim();
  if (!trimmed.startsWith('[') && !trimmed.startsWith('{')) return undefined;
  try {
    return JSON.parse(trimmed);
  } catch {
    return undefined;
  }
}

function isObject(value: Value): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
