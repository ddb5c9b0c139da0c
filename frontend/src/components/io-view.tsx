import { useState } from 'react';
import { Button } from '@/components/ui/button';
import { toChatMessages } from '@/lib/chat';
import { ChatView } from './chat-view';
import { JsonTree } from './json-tree';

/**
 * An observation's or trace's input/output: chat transcripts as a conversation, text as
 * text, any other JSON as a collapsible tree; "raw" shows the JSON as received.
 */
export function IoView({ value, label }: { value: unknown; label: string }) {
  const [raw, setRaw] = useState(false);
  const messages = toChatMessages(value);
  const isEmpty = value === null || value === undefined || value === '';
  return (
    <section className="flex flex-col gap-2" aria-label={label}>
      <div className="flex items-center justify-between">
        <h3 className="text-sm font-semibold">{label}</h3>
        {!isEmpty && typeof value !== 'string' && (
          <Button variant="ghost" size="sm" className="h-6 px-2 text-xs" onClick={() => setRaw(!raw)}>
            {raw ? 'Formatted' : 'Raw JSON'}
          </Button>
        )}
      </div>
      {isEmpty ? (
        <p className="text-muted-foreground text-sm">None</p>
      ) : raw ? (
        <pre className="bg-muted/40 max-h-96 overflow-auto rounded-md p-3 font-mono text-xs">{JSON.stringify(value, null, 2)}</pre>
      ) : messages ? (
        <ChatView messages={messages} />
      ) : typeof value === 'string' ? (
        <p className="bg-muted/40 rounded-md p-3 text-sm whitespace-pre-wrap">{value}</p>
      ) : (
        <div className="bg-muted/40 overflow-auto rounded-md p-3">
          <JsonTree value={value} />
        </div>
      )}
    </section>
  );
}
