import { Bot, User, Wrench, Settings2 } from 'lucide-react';
import type { ChatMessage } from '@/lib/chat';
import { cn } from '@/lib/utils';
import { JsonTree } from './json-tree';

const ROLE_STYLE: Record<string, { icon: typeof User; bubble: string }> = {
  system: { icon: Settings2, bubble: 'bg-muted/60 text-muted-foreground' },
  developer: { icon: Settings2, bubble: 'bg-muted/60 text-muted-foreground' },
  user: { icon: User, bubble: 'bg-sky-50 border-sky-200 dark:bg-sky-950/40 dark:border-sky-900' },
  assistant: { icon: Bot, bubble: 'bg-emerald-50 border-emerald-200 dark:bg-emerald-950/40 dark:border-emerald-900' },
  tool: { icon: Wrench, bubble: 'bg-amber-50 border-amber-200 dark:bg-amber-950/40 dark:border-amber-900' },
};

/** A chat transcript as a conversation: one bubble per message, role first. */
export function ChatView({ messages }: { messages: ChatMessage[] }) {
  return (
    <ol className="flex flex-col gap-2" data-testid="chat-view">
      {messages.map((message, index) => {
        const style = ROLE_STYLE[message.role] ?? ROLE_STYLE.system;
        const Icon = style.icon;
        return (
          <li key={index} className={cn('rounded-lg border px-3 py-2', style.bubble)} data-role={message.role}>
            <div className="mb-1 flex items-center gap-1.5 text-xs font-semibold tracking-wide uppercase">
              <Icon className="size-3.5" /> {message.role}
            </div>
            {message.content && <p className="text-sm whitespace-pre-wrap">{message.content}</p>}
            {message.extra && <JsonTree value={message.extra} expandDepth={1} className="mt-1" />}
          </li>
        );
      })}
    </ol>
  );
}
