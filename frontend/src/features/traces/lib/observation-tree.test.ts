import { describe, expect, it } from 'vitest';
import { observation } from '@/test/factories';
import { buildObservationTree, errorPaths, flattenTree } from './observation-tree';

const at = (seconds: number) => new Date(Date.UTC(2026, 10, 21, 10, 0, seconds)).toISOString();

describe('buildObservationTree', () => {
  it('nests children under parents and orders siblings by start time', () => {
    const roots = buildObservationTree([
      observation({ id: 'late-child', parentObservationId: 'root', startTime: at(5) }),
      observation({ id: 'root', startTime: at(0) }),
      observation({ id: 'early-child', parentObservationId: 'root', startTime: at(1) }),
      observation({ id: 'grandchild', parentObservationId: 'early-child', startTime: at(2) }),
    ]);
    expect(roots.map((node) => node.observation.id)).toEqual(['root']);
    expect(flattenTree(roots).map((node) => [node.observation.id, node.depth])).toEqual([
      ['root', 0],
      ['early-child', 1],
      ['grandchild', 2],
      ['late-child', 1],
    ]);
  });

  it('keeps an observation whose parent is missing as a root', () => {
    const roots = buildObservationTree([
      observation({ id: 'a', startTime: at(0) }),
      observation({ id: 'orphan', parentObservationId: 'not-ingested-yet', startTime: at(1) }),
    ]);
    expect(roots.map((node) => node.observation.id)).toEqual(['a', 'orphan']);
  });

  it('breaks parent cycles instead of losing or looping over observations', () => {
    const roots = buildObservationTree([
      observation({ id: 'x', parentObservationId: 'y', startTime: at(0) }),
      observation({ id: 'y', parentObservationId: 'x', startTime: at(1) }),
      observation({ id: 'self', parentObservationId: 'self', startTime: at(2) }),
    ]);
    const ids = flattenTree(roots).map((node) => node.observation.id);
    expect(ids.sort()).toEqual(['self', 'x', 'y']);
  });

  it('orders observations without a start time last', () => {
    const roots = buildObservationTree([
      observation({ id: 'unknown', startTime: '' }),
      observation({ id: 'known', startTime: at(3) }),
    ]);
    expect(roots.map((node) => node.observation.id)).toEqual(['known', 'unknown']);
  });
});

describe('flattenTree and errorPaths', () => {
  const roots = buildObservationTree([
    observation({ id: 'root', startTime: at(0) }),
    observation({ id: 'tool', parentObservationId: 'root', startTime: at(1) }),
    observation({ id: 'failing', parentObservationId: 'tool', startTime: at(2), level: 'ERROR' }),
    observation({ id: 'fine', parentObservationId: 'root', startTime: at(3) }),
  ]);

  it('hides the descendants of collapsed nodes', () => {
    expect(flattenTree(roots, new Set(['tool'])).map((node) => node.observation.id)).toEqual(['root', 'tool', 'fine']);
  });

  it('marks an error and every ancestor on its path', () => {
    expect([...errorPaths(roots)].sort()).toEqual(['failing', 'root', 'tool']);
  });
});
