import { fireEvent, render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { IoView } from './io-view';

describe('IoView', () => {
  it('renders chat messages as a conversation', () => {
    render(<IoView label="Input" value={[{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'Hi there' }]} />);
    const messages = screen.getByTestId('chat-view').querySelectorAll('li');
    expect([...messages].map((message) => message.dataset.role)).toEqual(['system', 'user']);
    expect(screen.getByText('Hi there')).toBeTruthy();
  });

  it('renders other JSON as a collapsible tree, with the raw JSON on request', () => {
    render(<IoView label="Output" value={{ answer: 42, nested: { deeper: { deepest: true } } }} />);
    expect(screen.getByTestId('json-tree').textContent).toContain('answer: 42');
    // Three levels down starts closed and says how much it holds.
    expect(screen.getByTestId('json-tree').textContent).toContain('1 key');
    fireEvent.click(screen.getByRole('button', { name: 'Raw JSON' }));
    expect(screen.getByText(/"deepest": true/)).toBeTruthy();
  });

  it('says when there is nothing', () => {
    render(<IoView label="Output" value={null} />);
    expect(screen.getByText('None')).toBeTruthy();
  });
});
