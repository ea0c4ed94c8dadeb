// CSV as spreadsheets read it safely: RFC 4180 quoting (CRLF rows), and text that a spreadsheet would
// run as a formula (a cell starting with = + - @, a tab, CR or LF: "-2+3" from a referrer host,
// "=HYPERLINK(...)" in a title) written with a leading apostrophe, which spreadsheets show as text.
// Numbers and times are written as they are. readNeutralisedCell undoes the apostrophe on import.

export type CsvValue = string | number | boolean | Date | null | undefined;

// A cell is neutralised when, past any apostrophes it already begins with, a formula character comes:
// "'=x" is written "''=x", so removing one apostrophe on import gives back every original exactly.
const NEEDS_APOSTROPHE = /^'*[=+\-@\t\r\n]/;
const NEUTRALISED = /^'+[=+\-@\t\r\n]/;
const NEEDS_QUOTES = /[",\r\n]/;

/** Text as it is safe to put in a cell. */
export function neutraliseText(text: string): string {
  return NEEDS_APOSTROPHE.test(text) ? `'${text}` : text;
}

/** An imported cell's text as it was before neutraliseText. */
export function readNeutralisedCell(cell: string): string {
  return NEUTRALISED.test(cell) ? cell.slice(1) : cell;
}

function cellText(value: CsvValue): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : "";
  if (typeof value === "boolean") return value ? "true" : "false";
  if (value instanceof Date) return value.toISOString();
  return neutraliseText(value);
}

/** One record: each value neutralised when text, quoted when it holds a quote, comma or line break. */
export function csvLine(values: readonly CsvValue[]): string {
  const cells = values.map((value) => {
    const text = cellText(value);
    return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
  });
  return `${cells.join(",")}\r\n`;
}
