import { describe, expect, it } from 'vitest';
import { toChatMessages } from './chat';

describe('toChatMessages', () => {
  it('reads an array of role/content messages', () => {
    expect(
      toChatMessages([
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Hi' },
      ]),
    ).toEqual([
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'Hi' },
    ]);
  });

  it('reads {messages}, a single message, OpenAI choices and JSON text', () => {
    expect(toChatMessages({ messages: [{ role: 'user', content: 'a' }] })).toEqual([{ role: 'user', content: 'a' }]);
    expect(toChatMessages({ role: 'assistant', content: 'b' })).toEqual([{ role: 'assistant', content: 'b' }]);
    expect(toChatMessages({ choices: [{ index: 0, message: { role: 'assistant', content: 'c' } }] })).toEqual([
      { role: 'assistant', content: 'c' },
    ]);
    expect(toChatMessages('[{"role":"user","content":"d"}]')).toEqual([{ role: 'user', content: 'd' }]);
  });

  it('joins text parts and keeps tool calls and other parts as extras', () => {
    const [message] = toChatMessages([
      {
        role: 'assistant',
        content: [{ type: 'text', text: 'Looking up' }, { type: 'image_url', image_url: { url: 'x' } }],
        tool_calls: [{ id: 't1', function: { name: 'search' } }],
      },
    ])!;
    expect(message.content).toBe('Looking up');
    expect(message.extra).toEqual({
      tool_calls: [{ id: 't1', function: { name: 'search' } }],
      parts: [{ type: 'image_url', image_url: { url: 'x' } }],
    });
  });

  it('returns null for anything that is not a transcript', () => {
    expect(toChatMessages({ query: 'weather' })).toBeNull();
    expect(toChatMessages([{ role: 'user', content: 'ok' }, { note: 'no role' }])).toBeNull();
    expect(toChatMessages([])).toBeNull();
    expect(toChatMessages('plain text')).toBeNull();
    expect(toChatMessages(null)).toBeNull();
    expect(toChatMessages([{ role: 'user', content: { nested: true } }])).toBeNull();
  });
});
