// Streams CSV records out of a byte stream: strict UTF-8, header row gives the keys.
import { CsvError, parse } from "csv-parse/stream";
import { AppError, badRequest } from "../../lib/errors";

// One field larger than this is not a row of ours; stop before buffering more.
const MAX_RECORD_BYTES = 65_536;

export type CsvRecord = Record<string, string | undefined>;

export interface CsvRecords {
  /** Column names, lower-cased and trimmed; known after the first record (or the end). */
  header(): string[] | undefined;
  records: AsyncIterable<CsvRecord>;
}

/**
 * Passes bytes through unchanged while a fatal streaming decoder checks they are UTF-8.
 * (csv-parse wants bytes, so the decoded text itself is not used.)
 */
function requireUtf8(): TransformStream<Uint8Array, Uint8Array> {
  const decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false });
  const check = (decode: () => void) => {
    try {
      decode();
    } catch {
      throw badRequest("file must be UTF-8 encoded");
    }
  };
  return new TransformStream({
    transform(chunk, controller) {
      check(() => decoder.decode(chunk, { stream: true }));
      controller.enqueue(chunk);
    },
    flush() {
      check(() => decoder.decode());
    },
  });
}

function translate(error: unknown): unknown {
  if (error instanceof AppError) return error;
  if (error instanceof CsvError) return badRequest(`malformed CSV: ${error.message}`);
  return error;
}

export function readCsvRecords(source: ReadableStream<Uint8Array>): CsvRecords {
  let header: string[] | undefined;
  const parser = parse({
    bom: true,
    encoding: "utf8",
    skip_empty_lines: true,
    relax_column_count: true,
    max_record_size: MAX_RECORD_BYTES,
    columns: (names: string[]) => {
      header = names.map((name) => name.trim().toLowerCase());
      return header;
    },
  });
  const stream = source.pipeThrough(requireUtf8()).pipeThrough(parser);

  async function* iterate(): AsyncGenerator<CsvRecord> {
    const reader = stream.getReader();
    try {
      for (;;) {
        let next: ReadableStreamReadResult<CsvRecord>;
        try {
          next = await reader.read();
        } catch (error) {
          throw translate(error);
        }
        if (next.done) return;
        yield next.value;
      }
    } finally {
      reader.releaseLock();
    }
  }

  return { header: () => header, records: iterate() };
}
