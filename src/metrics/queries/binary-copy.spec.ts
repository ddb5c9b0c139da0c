import { BINARY_COPY_HEADER, BINARY_COPY_TRAILER, BinaryCopyRows } from './binary-copy.js';
import { copyPointsData } from './insert-points.query.js';
import { rollupDeltasCopyData } from './insert-rollup-deltas.query.js';

/** Reads binary COPY data back: rows of [byte length, bytes] fields, between header and trailer. */
function readCopyData(chunks: Buffer[]): Buffer[][] {
  const data = Buffer.concat(chunks);
  expect(data.subarray(0, 11).toString('latin1')).toBe('PGCOPY\n\xff\r\n\0');
  expect(data.readInt32BE(11)).toBe(0); // flags
  expect(data.readInt32BE(15)).toBe(0); // header extension length
  const rows: Buffer[][] = [];
  let offset = 19;
  for (;;) {
    const fieldCount = data.readInt16BE(offset);
    offset += 2;
    if (fieldCount === -1) break;
    const fields: Buffer[] = [];
    for (let field = 0; field < fieldCount; field++) {
      const length = data.readInt32BE(offset);
      fields.push(data.subarray(offset + 4, offset + 4 + length));
      offset += 4 + length;
    }
    rows.push(fields);
  }
  expect(offset).toBe(data.length);
  return rows;
}

/** A timestamptz field as epoch milliseconds (PostgreSQL counts microseconds from 2000-01-01). */
const epochMs = (field: Buffer) => Number(field.readBigInt64BE()) / 1000 + Date.UTC(2000, 0, 1);

describe('BinaryCopyRows', () => {
  it('writes header, rows and trailer in PostgreSQL binary COPY format', () => {
    const rows = new BinaryCopyRows(1, BinaryCopyRows.rowBytes([4, 8]));
    rows.row(2).int4(-7).int8(2 ** 40 + 5);
    const data = rows.copyData();
    expect(data[0]).toBe(BINARY_COPY_HEADER);
    expect(data[2]).toBe(BINARY_COPY_TRAILER);
    const [[int4, int8]] = readCopyData(data);
    expect(int4.readInt32BE()).toBe(-7);
    expect(int8.readBigInt64BE()).toBe(2n ** 40n + 5n);
  });

  it('writes timestamps on both sides of 2000-01-01 to the microsecond, and negative int8s', () => {
    const times = [Date.UTC(1970, 0, 1, 0, 0, 0, 1), Date.UTC(1999, 11, 31, 23, 59, 59, 999), Date.UTC(2000, 0, 1), Date.parse('2026-11-21T10:00:00.123Z')];
    const rows = new BinaryCopyRows(times.length, BinaryCopyRows.rowBytes([8, 8]));
    for (const time of times) rows.row(2).timestamptz(time).int8(-time);
    const read = readCopyData(rows.copyData());
    expect(read.map(([ts]) => epochMs(ts))).toEqual(times);
    expect(read.map(([, int8]) => Number(int8.readBigInt64BE()))).toEqual(times.map((time) => -time));
  });

  it('writes doubles exactly, and -0 as 0 as the text format did', () => {
    const values = [0.1 + 0.2, -1.5e-300, Number.MAX_VALUE, -0];
    const rows = new BinaryCopyRows(values.length, BinaryCopyRows.rowBytes([8]));
    for (const value of values) rows.row(1).float8(value);
    const read = readCopyData(rows.copyData()).map(([field]) => field.readDoubleBE());
    expect(read).toEqual([0.1 + 0.2, -1.5e-300, Number.MAX_VALUE, 0]);
    expect(Object.is(read[3], 0)).toBe(true);
  });
});

describe('metric COPY data', () => {
  it('writes points as (series_id int4, ts timestamptz, value float8)', () => {
    const [[seriesId, ts, value]] = readCopyData(copyPointsData([{ seriesId: 42, timestampMs: 1_795_000_000_123, value: 2.5 }]));
    expect([seriesId.readInt32BE(), epochMs(ts), value.readDoubleBE()]).toEqual([42, 1_795_000_000_123, 2.5]);
  });

  it('writes rollup deltas as (series_id, bucket, count int8, sum, min, max, last_value, last_ts)', () => {
    const delta = { seriesId: 3, bucketMs: 1_795_000_200_000, count: 4, sum: 10, min: 1, max: 4, lastValue: 3, lastTimestampMs: 1_795_000_250_000 };
    const [[seriesId, bucket, count, ...rest]] = readCopyData(rollupDeltasCopyData([delta]));
    const lastTs = rest.pop()!;
    expect([seriesId.readInt32BE(), epochMs(bucket), Number(count.readBigInt64BE()), ...rest.map((field) => field.readDoubleBE()), epochMs(lastTs)]).toEqual([
      3, 1_795_000_200_000, 4, 10, 1, 4, 3, 1_795_000_250_000,
    ]);
  });
});
