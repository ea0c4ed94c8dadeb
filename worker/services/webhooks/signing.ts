// Standard Webhooks signatures (https://www.standardwebhooks.com): the secret is "whsec_" and the
// base64 of random bytes; each delivery carries webhook-id, webhook-timestamp (seconds) and
// webhook-signature, a space-separated list of "v1,<base64 HMAC-SHA256 of id.timestamp.body>",
// one per secret in use (two while a rotation overlaps), so receivers verify with the spec's libraries.
import { fromBase64, toBase64 } from "../../lib/base64";

export const SECRET_PREFIX = "whsec_";
const SECRET_BYTES = 32;

export function newWebhookSecret(): string {
  return SECRET_PREFIX + toBase64(crypto.getRandomValues(new Uint8Array(SECRET_BYTES)));
}

async function hmacKey(secret: string): Promise<CryptoKey> {
  const raw = fromBase64(secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret);
  return crypto.subtle.importKey("raw", raw, { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
}

// A type, not an interface: it passes as the Record of headers a request takes.
export type SignedHeaders = {
  "webhook-id": string;
  "webhook-timestamp": string;
  "webhook-signature": string;
};

export async function signDelivery(
  secrets: string[],
  messageId: string,
  timestampSeconds: number,
  body: string,
): Promise<SignedHeaders> {
  const content = new TextEncoder().encode(`${messageId}.${timestampSeconds}.${body}`);
  const signatures = await Promise.all(
    secrets.map(async (secret) => {
      const mac = await crypto.subtle.sign("HMAC", await hmacKey(secret), content);
      return `v1,${toBase64(new Uint8Array(mac))}`;
    }),
  );
  return {
    "webhook-id": messageId,
    "webhook-timestamp": String(timestampSeconds),
    "webhook-signature": signatures.join(" "),
  };
}
