import { describe, expect, it } from 'vitest';
import { observation } from '@/test/factories';
import { axisTicks, buildTimeline } from './timeline';

const at = (ms: number) => new Date(Date.UTC(2026, 10, 21, 10, 0, 0) + ms).toISOString();

describe('buildTimeline', () => {
  it('places every observation on one axis from the first start to the last end', () => {
    const timeline = buildTimeline([
      observation({ id: 'root', startTime: at(0), endTime: at(2000) }),
      observation({ id: 'llm', startTime: at(500), endTime: at(1500), completionStartTime: at(700) }),
    ]);
    expect(timeline.durationMs).toBe(2000);
    expect(timeline.bars.get('root')).toMatchObject({ startMs: 0, durationMs: 2000, left: 0, width: 1, open: false });
    expect(timeline.bars.get('llm')).toMatchObject({ startMs: 500, durationMs: 1000, left: 0.25, width: 0.5, firstToken: 0.35 });
  });

  it('draws events as points and unfinished spans to the end of the axis', () => {
    const timeline = buildTimeline([
      observation({ id: 'root', startTime: at(0), endTime: at(1000) }),
      observation({ id: 'event', type: 'EVENT', startTime: at(250) }),
      observation({ id: 'running', startTime: at(600) }),
    ]);
    expect(timeline.bars.get('event')).toMatchObject({ left: 0.25, width: 0, open: false });
    expect(timeline.bars.get('running')).toMatchObject({ left: 0.6, width: 0.4, open: true });
  });

  it('leaves observations without a start time off the axis', () => {
    const timeline = buildTimeline([observation({ id: 'a', startTime: at(0), endTime: at(10) }), observation({ id: 'b', startTime: '' })]);
    expect(timeline.bars.has('b')).toBe(false);
  });

  it('handles a single point-in-time observation and an empty trace', () => {
    expect(buildTimeline([observation({ id: 'e', type: 'EVENT', startTime: at(0) })]).bars.get('e')).toMatchObject({ left: 0, width: 0 });
    expect(buildTimeline([], at(0))).toMatchObject({ startMs: Date.parse(at(0)), durationMs: 0 });
  });
});

describe('axisTicks', () => {
  it('chooses round steps', () => {
    expect(axisTicks(1000)).toEqual([0, 200, 400, 600, 800, 1000]);
    expect(axisTicks(2300)).toEqual([0, 500, 1000, 1500, 2000]);
    expect(axisTicks(0)).toEqual([0]);
  });
});
