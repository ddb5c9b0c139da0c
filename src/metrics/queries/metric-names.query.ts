/** Distinct metric names of a project, in byte order. Reads the series catalogue, not the points. */
export function metricNamesQuery(input: { projectId: string }) {
  return {
    sql: `
SELECT name
FROM metric_series
WHERE project_id = $1
GROUP BY name
ORDER BY name COLLATE "C"`,
    params: [input.projectId],
  };
}
