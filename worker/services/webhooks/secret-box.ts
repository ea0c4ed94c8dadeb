// Webhook signing secrets at rest: AES-256-GCM under a key derived (HKDF-SHA-256) from the
// deployment's secret (LINK_PASSWORD_SECRET), so a copy of the database alone cannot sign a delivery.
import { fromBase64, toBase64 } from "../../lib/base64";

const VERSION = "v1";
const encoder = new TextEncoder();
const keys = new Map<string, Promise<CryptoKey>>();

function keyOf(serviceSecret: string): Promise<CryptoKey> {
  let key = keys.get(serviceSecret);
  if (!key) {
    key = crypto.subtle.importKey("raw", encoder.encode(serviceSecret), "HKDF", false, ["deriveKey"]).then((material) =>
      crypto.subtle.deriveKey(
        {
          name: "HKDF",
          hash: "SHA-256",
          salt: new Uint8Array(0),
          info: encoder.encode("linkscope webhook secrets v1"),
        },
        material,
        { name: "AES-GCM", length: 256 },
        false,
        ["encrypt", "decrypt"],
      ),
    );
    keys.set(serviceSecret, key);
  }
  return key;
}

/** "v1.<iv>.<ciphertext>", both base64. */
export async function sealSecret(serviceSecret: string, secret: string): Promise<string> {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const sealed = await crypto.subtle.encrypt(
    { name: "AES-GCM", iv },
    await keyOf(serviceSecret),
    encoder.encode(secret),
  );
  return `${VERSION}.${toBase64(iv)}.${toBase64(new Uint8Array(sealed))}`;
}

/** The secret, or undefined when the text was sealed under another key (or is not a sealed secret). */
export async function openSecret(serviceSecret: string, sealed: string): Promise<string | undefined> {
  const [version, iv, ciphertext] = sealed.split(".");
  if (version !== VERSION || !iv || !ciphertext) return undefined;
  try {
    const plain = await crypto.subtle.decrypt(
      { name: "AES-GCM", iv: fromBase64(iv) },
      await keyOf(serviceSecret),
      fromBase64(ciphertext),
    );
    return new TextDecoder().decode(plain);
  } catch {
    return undefined;
  }
}
