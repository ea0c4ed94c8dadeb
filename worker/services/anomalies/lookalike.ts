// Destinations that pretend to be someone else. A host whose labels are punycode (xn--) is decoded,
// its registrable domain reduced to a skeleton (accents dropped, letters from other scripts that look
// like Latin ones mapped to them) and compared with well-known domains often imitated in phishing:
// "xn--pypal-4ve.com" (pаypal.com, with a Cyrillic а) imitates paypal.com.
import { toUnicode } from "punycode/punycode.es6.js";
import { registrableDomain } from "../../lib/registrable-domain";

export const WELL_KNOWN_DOMAINS = [
  "amazon.com",
  "apple.com",
  "bankofamerica.com",
  "binance.com",
  "chase.com",
  "cloudflare.com",
  "coinbase.com",
  "dropbox.com",
  "ebay.com",
  "facebook.com",
  "github.com",
  "google.com",
  "icloud.com",
  "instagram.com",
  "linkedin.com",
  "live.com",
  "microsoft.com",
  "netflix.com",
  "office.com",
  "outlook.com",
  "paypal.com",
  "stripe.com",
  "twitter.com",
  "wellsfargo.com",
  "whatsapp.com",
  "x.com",
  "yahoo.com",
  "youtube.com",
];
const WELL_KNOWN = new Set(WELL_KNOWN_DOMAINS);

// Letters of other scripts that render like Latin letters (after Unicode's confusables, the common ones).
const CONFUSABLES: Record<string, string> = {
  а: "a",
  е: "e",
  һ: "h",
  і: "i",
  ј: "j",
  к: "k",
  о: "o",
  р: "p",
  с: "c",
  ѕ: "s",
  у: "y",
  х: "x",
  ԁ: "d",
  ԛ: "q",
  ԝ: "w",
  ɡ: "g",
  ı: "i",
  ℓ: "l",
  α: "a",
  β: "b",
  ε: "e",
  ι: "i",
  κ: "k",
  ν: "v",
  ο: "o",
  ρ: "p",
  τ: "t",
  υ: "u",
  χ: "x",
  ӏ: "l",
  ɩ: "i",
  ꮃ: "w",
  ԑ: "e",
  ѵ: "v",
};

/** What a name looks like: lower case, no accents, look-alike letters as the Latin letter. */
export function skeleton(name: string): string {
  return [...name.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase()]
    .map((character) => CONFUSABLES[character] ?? character)
    .join("");
}

/** The well-known domain a destination's punycode host imitates, or null. */
export function imitatedDomain(destination: string): string | null {
  let host: string;
  try {
    host = new URL(destination).hostname.toLowerCase();
  } catch {
    return null;
  }
  if (!host.split(".").some((label) => label.startsWith("xn--"))) return null;
  const domain = registrableDomain(host);
  let unicode: string;
  try {
    unicode = toUnicode(domain);
  } catch {
    return null;
  }
  const looksLike = skeleton(unicode);
  return looksLike !== domain && WELL_KNOWN.has(looksLike) ? looksLike : null;
}
