/** Values returned per label key. */
export const MAX_LABEL_VALUES = 100;

/** Label keys of one metric with up to MAX_LABEL_VALUES distinct values each, all in byte order. */
export function metricLabelsQuery(input: { projectId: string; name: string }) {
  return {
    sql: `
WITH pairs AS (
  SELECT DISTINCT label.key, label.value
  FROM metric_series s
  CROSS JOIN LATERAL jsonb_each_text(s.labels) AS label
  WHERE s.project_id = $1
    AND s.name = $2
),
ranked AS (
  SELECT key, value, row_number() OVER (PARTITION BY key ORDER BY value COLLATE "C") AS value_no
  FROM pairs
)
SELECT key, array_agg(value ORDER BY value COLLATE "C") AS "values"
FROM ranked
WHERE value_no <= ${MAX_LABEL_VALUES}
GROUP BY key
ORDER BY key COLLATE "C"`,
    params: [input.projectId, input.name],
  };
}
