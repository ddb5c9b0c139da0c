import { NativeSelect, NativeSelectOption } from '@/components/ui/native-select';
import { RANGE_PRESETS, type RangePreset } from '@/lib/time-range';

const LABELS: Record<RangePreset, string> = {
  '15m': 'Last 15 minutes',
  '1h': 'Last hour',
  '6h': 'Last 6 hours',
  '24h': 'Last 24 hours',
  '7d': 'Last 7 days',
  '30d': 'Last 30 days',
  '90d': 'Last 90 days',
};

/** A preset picker; `custom` shows when the URL carries explicit bounds. */
export function TimeRangeSelect({
  value,
  onChange,
  presets = Object.keys(RANGE_PRESETS) as RangePreset[],
}: {
  value: RangePreset | undefined;
  onChange: (preset: RangePreset) => void;
  presets?: RangePreset[];
}) {
  return (
    <NativeSelect aria-label="Time range" value={value ?? 'custom'} onChange={(event) => onChange(event.target.value as RangePreset)}>
      {!value && <NativeSelectOption value="custom">Custom range</NativeSelectOption>}
      {presets.map((preset) => (
        <NativeSelectOption key={preset} value={preset}>
          {LABELS[preset]}
        </NativeSelectOption>
      ))}
    </NativeSelect>
  );
}
