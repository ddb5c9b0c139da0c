import { fireEvent, render, screen, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { observation } from '@/test/factories';
import { ObservationWaterfall } from './observation-waterfall';

const at = (ms: number) => new Date(Date.UTC(2026, 10, 21, 10, 0, 0) + ms).toISOString();

const observations = [
  observation({ id: 'root', name: 'handle-request', startTime: at(0), endTime: at(2000) }),
  observation({ id: 'llm', name: 'llm-call', type: 'GENERATION', parentObservationId: 'root', startTime: at(500), endTime: at(1500) }),
  observation({ id: 'tool', name: 'web-search', parentObservationId: 'root', startTime: at(1600), endTime: at(1900), level: 'ERROR' }),
];

function renderWaterfall(onSelect = vi.fn(), selectedId: string | null = null) {
  render(<ObservationWaterfall observations={observations} traceTimestamp={at(0)} selectedId={selectedId} onSelect={onSelect} />);
  return onSelect;
}

describe('ObservationWaterfall', () => {
  it('renders the tree in order with depth, and marks errors', () => {
    renderWaterfall();
    const rows = screen.getAllByTestId('observation-row');
    expect(rows.map((row) => [row.dataset.observationId, row.getAttribute('aria-level')])).toEqual([
      ['root', '1'],
      ['llm', '2'],
      ['tool', '2'],
    ]);
    expect(rows[2].dataset.level).toBe('ERROR');
    expect(within(rows[2]).getByLabelText('error')).toBeTruthy();
  });

  it('draws bars on one axis: a 1s generation in a 2s trace is half as wide, starting a quarter in', () => {
    renderWaterfall();
    const bar = within(screen.getAllByTestId('observation-row')[1]).getByTitle(/1\.00s from \+500ms/);
    expect(bar.style.left).toBe('25%');
    expect(bar.style.width).toBe('50%');
  });

  it('selects an observation on click and collapses children without selecting', () => {
    const onSelect = renderWaterfall();
    fireEvent.click(screen.getByText('llm-call'));
    expect(onSelect).toHaveBeenCalledWith('llm');
    fireEvent.click(screen.getByRole('button', { name: 'Collapse' }));
    expect(screen.getAllByTestId('observation-row')).toHaveLength(1);
    expect(onSelect).toHaveBeenCalledTimes(1);
    // The collapsed parent still shows there is an error below it.
    expect(within(screen.getAllByTestId('observation-row')[0]).getByLabelText('error')).toBeTruthy();
  });
});
