// Where a bulk import's CSV comes from: a multipart upload (field "file"), a text/csv body,
// or {"file": "<sample>.csv"} naming a bundled sample dataset. Every path is size-capped.
import { AppError, badRequest, notFound } from "../../lib/errors";
import { mediaTypeOf, readCapped } from "../../lib/request-body";
import { findSampleDataset } from "./sample-datasets";

const JSON_BODY_MAX_BYTES = 4096;
const CSV_MEDIA_TYPES = new Set(["text/csv", "application/csv"]);

export interface CsvSourceOptions {
  defaultFile: string;
  maxBytes: number;
}

function tooLarge(maxBytes: number): AppError {
  return new AppError("PAYLOAD_TOO_LARGE", `file too large: the limit is ${maxBytes} bytes`);
}

/** Passes bytes through, failing the stream with a 413 once more than maxBytes have gone by. */
export function limitBytes(maxBytes: number): TransformStream<Uint8Array, Uint8Array> {
  let seen = 0;
  return new TransformStream({
    transform(chunk, controller) {
      seen += chunk.byteLength;
      if (seen > maxBytes) controller.error(tooLarge(maxBytes));
      else controller.enqueue(chunk);
    },
  });
}

function streamOf(text: string): ReadableStream<Uint8Array> {
  return new Response(text).body as ReadableStream<Uint8Array>;
}

async function fromMultipart(request: Request, options: CsvSourceOptions): Promise<ReadableStream<Uint8Array>> {
  if (!request.body) throw badRequest("no file selected");
  // Multipart must be parsed whole; cap what we read first (plus room for the part headers).
  const capped = request.body.pipeThrough(limitBytes(options.maxBytes + 16_384));
  let form: FormData;
  try {
    form = await new Response(capped, {
      headers: { "Content-Type": request.headers.get("Content-Type") ?? "" },
    }).formData();
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw badRequest("malformed multipart body");
  }
  const file = form.get("file");
  if (file === null) throw badRequest('multipart upload needs a file in the field named "file"');
  if (typeof file === "string") throw badRequest('the "file" field must be a file upload');
  if (!file.name) throw badRequest("no file selected");
  if (!file.name.toLowerCase().endsWith(".csv")) throw badRequest("only CSV files are accepted");
  if (file.size > options.maxBytes) throw tooLarge(options.maxBytes);
  return file.stream();
}

async function fromSampleName(request: Request, options: CsvSourceOptions): Promise<ReadableStream<Uint8Array>> {
  const raw = request.body ? new TextDecoder().decode(await readCapped(request.body, JSON_BODY_MAX_BYTES)) : "";
  let name: unknown = options.defaultFile;
  if (raw.trim() !== "") {
    let body: unknown;
    try {
      body = JSON.parse(raw);
    } catch {
      throw badRequest("malformed JSON in request body");
    }
    if (typeof body !== "object" || body === null || Array.isArray(body))
      throw badRequest("request body must be a JSON object");
    name = (body as Record<string, unknown>).file ?? options.defaultFile;
  }
  // Only a bare name of a bundled dataset: no directories, nothing resolved on a filesystem.
  if (typeof name !== "string" || !/^[A-Za-z0-9_.-]{1,64}\.csv$/i.test(name) || name.startsWith(".")) {
    throw badRequest("invalid filename");
  }
  const dataset = findSampleDataset(name);
  if (dataset === undefined) throw notFound(`${name} not found`);
  return streamOf(dataset);
}

export async function openCsvSource(request: Request, options: CsvSourceOptions): Promise<ReadableStream<Uint8Array>> {
  const declaredLength = Number(request.headers.get("Content-Length") ?? "0");
  const mediaType = mediaTypeOf(request);
  if (mediaType === "multipart/form-data") {
    if (declaredLength > options.maxBytes + 16_384) throw tooLarge(options.maxBytes);
    return fromMultipart(request, options);
  }
  if (CSV_MEDIA_TYPES.has(mediaType)) {
    if (declaredLength > options.maxBytes) throw tooLarge(options.maxBytes);
    if (!request.body) throw badRequest("the CSV body is empty");
    return new Response(await readCapped(request.body, options.maxBytes)).body as ReadableStream<Uint8Array>;
  }
  if (mediaType === "" || mediaType === "application/json") return fromSampleName(request, options);
  throw new AppError(
    "UNSUPPORTED_MEDIA_TYPE",
    'send the CSV as multipart/form-data (field "file"), as text/csv, or name a sample with application/json',
  );
}
