import { describe, expect, it } from "vitest";
import { createFrameScanner } from "../../scripts/lib/postgres-frames.ts";

function startup(): Uint8Array {
  const bytes = new Uint8Array(8);
  new DataView(bytes.buffer).setInt32(0, 8);
  new DataView(bytes.buffer).setInt32(4, 196608);
  return bytes;
}

function message(type: string, payload: number[]): Uint8Array {
  const bytes = new Uint8Array(5 + payload.length);
  bytes[0] = type.charCodeAt(0);
  new DataView(bytes.buffer).setInt32(1, 4 + payload.length);
  bytes.set(payload, 5);
  return bytes;
}

describe("Postgres frontend frame scanner", () => {
  it("spots Terminate after startup and queries, even split across chunks", () => {
    const scanner = createFrameScanner();
    expect(scanner.push(startup())).toBe(false);
    const query = message("Q", [0x53, 0x45, 0x4c, 0x00]);
    expect(scanner.push(query.slice(0, 3))).toBe(false);
    expect(scanner.push(query.slice(3))).toBe(false);
    const terminate = message("X", []);
    expect(scanner.push(terminate.slice(0, 2))).toBe(false);
    expect(scanner.push(terminate.slice(2))).toBe(true);
  });

  it("does not mistake an X byte inside a payload for Terminate", () => {
    const scanner = createFrameScanner();
    scanner.push(startup());
    expect(scanner.push(message("Q", [0x58, 0x58, 0x00]))).toBe(false);
  });
});
