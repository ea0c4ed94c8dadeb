// Splits the client → server half of the Postgres wire protocol into whole messages,
// so the WebSocket proxy can see Terminate ('X') and hang up. The Neon driver sends
// Terminate but never closes its WebSocket; without this the proxy leaks a backend
// connection per request (see docs/adr/0002-local-neon-proxy.md).

const SSL_REQUEST_CODE = 80877103;
const GSSENC_REQUEST_CODE = 80877104;
const CANCEL_REQUEST_CODE = 80877102;
const TERMINATE = 0x58; // 'X'

export interface FrameScanner {
  /** Feeds bytes; returns true once a Terminate message has been seen. */
  push(chunk: Uint8Array): boolean;
}

export function createFrameScanner(): FrameScanner {
  let buffer = new Uint8Array(0);
  let inStartupPhase = true;
  let terminated = false;

  return {
    push(chunk) {
      if (terminated) return true;
      const merged = new Uint8Array(buffer.length + chunk.length);
      merged.set(buffer);
      merged.set(chunk, buffer.length);
      buffer = merged;
      let offset = 0;
      for (;;) {
        const view = new DataView(buffer.buffer, buffer.byteOffset + offset);
        if (inStartupPhase) {
          // Startup-phase messages have no type byte: int32 length, int32 code.
          if (buffer.length - offset < 8) break;
          const length = view.getInt32(0);
          if (buffer.length - offset < length) break;
          const code = view.getInt32(4);
          offset += length;
          if (code === CANCEL_REQUEST_CODE) {
            terminated = true;
            break;
          }
          if (code !== SSL_REQUEST_CODE && code !== GSSENC_REQUEST_CODE) inStartupPhase = false;
          continue;
        }
        if (buffer.length - offset < 5) break;
        const type = view.getUint8(0);
        const length = view.getInt32(1);
        if (buffer.length - offset < length + 1) break;
        offset += length + 1;
        if (type === TERMINATE) {
          terminated = true;
          break;
        }
      }
      buffer = buffer.slice(offset);
      return terminated;
    },
  };
}
