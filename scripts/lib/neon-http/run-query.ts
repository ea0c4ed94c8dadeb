// One statement on the extended protocol with text parameters (so a string holding two statements
// fails, as on Neon), its values kept as Postgres sent them, answered in the shape of node-postgres'
// result that the driver parses: {command, rowCount, rows, fields, rowAsArray}.
import type pg from "pg";
import type { ConnectionOptions, QueryData } from "./protocol.ts";

export class ResponseTooLarge extends Error {}

/** Counts the bytes of the rows of one request (a batch shares one budget, as on Neon). */
export interface ResponseBudget {
  responseBytes: number;
  maxResponseBytes: number;
}

// Every value as the text Postgres sent: the driver applies its own type parsers by dataTypeID.
const RAW_TEXT = { getTypeParser: () => (value: string) => value };

const BOOL = 16;
const JSON_TYPES = new Set([114, 3802]);
const NUMBER_TYPES = new Set([21, 23, 26, 700, 701]);

/** Without Neon-Raw-Text-Output, Neon turns the text into JSON values where JSON has a type for them. */
function jsonValue(text: string | null, dataTypeID: number): unknown {
  if (text === null) return null;
  if (dataTypeID === BOOL) return text === "t";
  if (NUMBER_TYPES.has(dataTypeID)) return Number(text);
  if (JSON_TYPES.has(dataTypeID)) return JSON.parse(text);
  return text;
}

/** A JSON parameter as Postgres text: arrays as array literals, objects as JSON, the rest as written. */
export function parameterText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === "string") return value;
  if (Array.isArray(value)) {
    const items = value.map((item) => {
      const text = parameterText(item);
      return text === null ? "NULL" : `"${text.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
    });
    return `{${items.join(",")}}`;
  }
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}

export async function runQuery(
  client: pg.PoolClient,
  data: QueryData,
  connection: ConnectionOptions,
  budget: ResponseBudget,
) {
  // queryMode "extended" even without parameters: the simple protocol would run several statements.
  const config: pg.QueryArrayConfig & { queryMode: "extended" } = {
    text: data.query,
    values: data.params.map(parameterText),
    rowMode: "array",
    types: RAW_TEXT,
    queryMode: "extended",
  };
  const result = await client.query(config);
  for (const row of result.rows) {
    for (const value of row) budget.responseBytes += typeof value === "string" ? Buffer.byteLength(value) : 0;
  }
  if (budget.responseBytes > budget.maxResponseBytes) throw new ResponseTooLarge();

  const fields = result.fields.map((field) => ({
    name: field.name,
    dataTypeID: field.dataTypeID,
    tableID: field.tableID,
    columnID: field.columnID,
    dataTypeSize: field.dataTypeSize,
    dataTypeModifier: field.dataTypeModifier,
    format: "text",
  }));
  const arrayMode = data.arrayMode ?? connection.arrayMode;
  const rows = result.rows.map((row) => {
    const values = connection.rawTextOutput
      ? row
      : row.map((value, index) => jsonValue(value as string | null, fields[index]?.dataTypeID ?? 0));
    return arrayMode ? values : Object.fromEntries(fields.map((field, index) => [field.name, values[index]]));
  });
  return { command: result.command, rowCount: result.rowCount, rows, fields, rowAsArray: arrayMode };
}
