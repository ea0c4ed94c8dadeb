// What isolates, readers and the MetricsShard objects exchange, outside the object's class file.

export interface StoredSeries {
  key: string;
  name: string;
  labels: string;
  value: number;
}

/** Inclusive range of epoch minutes. */
export interface MinuteRange {
  fromMinute: number;
  toMinute: number;
}

export type MinuteSums = Record<string, number>;
