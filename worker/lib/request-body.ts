// Request bodies read with a cap: past it, reading stops, the rest is cancelled and the answer is
// 413, before anything has been parsed.
import { AppError } from "./errors";

/**
 * Reads a whole body, but never more than maxBytes of it: past the limit it stops reading, cancels
 * the rest and answers 413, before a single row has been looked at (an import that streamed rows
 * into its transaction first did all its work, and burnt its ids, before failing).
 */
export async function readCapped(
  body: ReadableStream<Uint8Array>,
  maxBytes: number,
  what = "file",
): Promise<Uint8Array> {
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw new AppError("PAYLOAD_TOO_LARGE", `${what} too large: the limit is ${maxBytes} bytes`);
    }
    chunks.push(value);
  }
  const whole = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    whole.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return whole;
}

/** The media type of a request body, lower case, without parameters ("" when none is given). */
export function mediaTypeOf(request: Request): string {
  return (request.headers.get("Content-Type") ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
}
