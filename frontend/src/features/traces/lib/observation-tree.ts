import type { Observation } from '@/types/api';

export interface ObservationNode {
  observation: Observation;
  children: ObservationNode[];
  depth: number;
}

/**
 * Nests observations under their parents. An observation whose parent is missing (not yet
 * ingested, or in another request) becomes a root rather than disappearing, and a parent
 * cycle (bad data) is broken instead of looping. Siblings are ordered by start time.
 */
export function buildObservationTree(observations: readonly Observation[]): ObservationNode[] {
  const nodes = new Map<string, ObservationNode>();
  for (const observation of observations) {
    if (!nodes.has(observation.id)) nodes.set(observation.id, { observation, children: [], depth: 0 });
  }
  const roots: ObservationNode[] = [];
  for (const node of nodes.values()) {
    const parentId = node.observation.parentObservationId;
    const parent = parentId ? nodes.get(parentId) : undefined;
    if (parent && parent !== node && !isAncestor(node, parent, nodes)) parent.children.push(node);
    else roots.push(node);
  }
  sortAndSetDepth(roots, 0);
  return roots;
}

/** True when `candidate` is `node` itself or one of its descendants through parent links. */
function isAncestor(node: ObservationNode, candidate: ObservationNode, nodes: Map<string, ObservationNode>): boolean {
  const seen = new Set<string>();
  let current: ObservationNode | undefined = candidate;
  while (current && !seen.has(current.observation.id)) {
    if (current === node) return true;
    seen.add(current.observation.id);
    const parentId: string | null = current.observation.parentObservationId;
    current = parentId ? nodes.get(parentId) : undefined;
  }
  return false;
}

function sortAndSetDepth(nodes: ObservationNode[], depth: number): void {
  nodes.sort(compareByStart);
  for (const node of nodes) {
    node.depth = depth;
    sortAndSetDepth(node.children, depth + 1);
  }
}

function compareByStart(a: ObservationNode, b: ObservationNode): number {
  const byTime = timeOf(a.observation.startTime) - timeOf(b.observation.startTime);
  return byTime !== 0 ? byTime : (a.observation.name ?? '').localeCompare(b.observation.name ?? '');
}

function timeOf(iso: string | null | undefined): number {
  const time = iso ? Date.parse(iso) : Number.NaN;
  return Number.isNaN(time) ? Number.POSITIVE_INFINITY : time;
}

/** Depth-first rows for display; children of `collapsed` ids are left out. */
export function flattenTree(roots: readonly ObservationNode[], collapsed: ReadonlySet<string> = new Set()): ObservationNode[] {
  const rows: ObservationNode[] = [];
  const visit = (node: ObservationNode) => {
    rows.push(node);
    if (!collapsed.has(node.observation.id)) node.children.forEach(visit);
  };
  roots.forEach(visit);
  return rows;
}

/** Ids of observations at level ERROR and of every ancestor, so a collapsed tree still shows where an error is. */
export function errorPaths(roots: readonly ObservationNode[]): Set<string> {
  const marked = new Set<string>();
  const visit = (node: ObservationNode): boolean => {
    let hasError = isErrorLevel(node.observation.level);
    for (const child of node.children) hasError = visit(child) || hasError;
    if (hasError) marked.add(node.observation.id);
    return hasError;
  };
  roots.forEach(visit);
  return marked;
}

export function isErrorLevel(level: string | null | undefined): boolean {
  return level === 'ERROR';
}
