import { CartesianGrid, Line, LineChart, XAxis, YAxis } from 'recharts';
import { type ChartConfig, ChartContainer, ChartLegend, ChartLegendContent, ChartTooltip, ChartTooltipContent } from '@/components/ui/chart';
import { formatDateTime, formatMetricValue, formatTimeTick } from '@/lib/format';

export const SERIES_COLORS = ['var(--chart-1)', 'var(--chart-2)', 'var(--chart-3)', 'var(--chart-4)', 'var(--chart-5)', 'var(--chart-6)', 'var(--chart-7)', 'var(--chart-8)'];

/** Several series over time (`rows[i].t` epoch ms, one column per series key), with legend and tooltip. */
export function SeriesLineChart({
  rows,
  series,
  valueFormatter = formatMetricValue,
  withDate = false,
  className = 'aspect-auto h-80 w-full',
}: {
  rows: Array<Record<string, number | null>>;
  series: Array<{ key: string; label: string }>;
  valueFormatter?: (value: number) => string;
  withDate?: boolean;
  className?: string;
}) {
  const config: ChartConfig = Object.fromEntries(series.map((item, index) => [item.key, { label: item.label, color: SERIES_COLORS[index % SERIES_COLORS.length] }]));
  return (
    <ChartContainer config={config} className={className}>
      <LineChart data={rows} margin={{ left: 4, right: 16, top: 8 }}>
        <CartesianGrid vertical={false} />
        <XAxis dataKey="t" type="number" scale="time" domain={['dataMin', 'dataMax']} tickFormatter={(t: number) => formatTimeTick(t, withDate)} tickLine={false} axisLine={false} minTickGap={32} />
        <YAxis tickFormatter={(value: number) => valueFormatter(value)} tickLine={false} axisLine={false} width={56} />
        <ChartTooltip
          content={
            <ChartTooltipContent
              labelFormatter={(_, payload) => formatDateTime(new Date(Number(payload[0]?.payload?.t)).toISOString())}
              formatter={(value) => (typeof value === 'number' ? valueFormatter(value) : '–')}
            />
          }
        />
        {series.length > 1 && <ChartLegend content={<ChartLegendContent />} />}
        {series.map((item, index) => (
          <Line key={item.key} dataKey={item.key} name={item.key} type="monotone" stroke={SERIES_COLORS[index % SERIES_COLORS.length]} strokeWidth={2} dot={rows.length < 40} connectNulls={false} isAnimationActive={false} />
        ))}
      </LineChart>
    </ChartContainer>
  );
}
