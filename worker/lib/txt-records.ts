// A name's TXT records, read through a DNS-over-HTTPS resolver (worker/lib/dns-json.ts). A TXT record is
// one or more character-strings of at most 255 bytes each; a long text is published split, and its
// reader joins the strings. Cloudflare's JSON API writes them in zone-file form (`"part one" "part two"`,
// with `\"`, `\\` and `\DDD` escapes); Google's gives the text bare.
import {
  askDnsJson,
  type DnsJsonRecord,
  RESOLVE_TIMEOUT_MS,
  ResolverFailure,
  type ResolverOptions,
} from "./dns-json.ts";

const TXT = 16;

/** A lookup that could not be made says so (never "no record": that would prove a domain lost). */
export type TxtLookup = { ok: true; texts: string[] } | { ok: false; failure: ResolverFailure };

/** One record's text: its quoted character-strings unescaped and joined (bare data is the text as is). */
export function txtRecordText(data: string): string {
  const characters = Array.from(data.trim());
  if (characters[0] !== '"') return data.trim();
  const encoder = new TextEncoder();
  const bytes: number[] = [];
  let quoted = false;
  for (let index = 0; index < characters.length; index++) {
    const character = characters[index] ?? "";
    // Outside quotes only the spaces between strings are expected: nothing there is text.
    if (character === '"') quoted = !quoted;
    else if (!quoted) continue;
    else if (character === "\\") {
      const digits = /^\d{3}/.exec(characters.slice(index + 1, index + 4).join(""));
      if (digits) {
        // \DDD is one byte, in decimal (a UTF-8 text's non-ASCII bytes arrive this way).
        bytes.push(Number(digits[0]) & 0xff);
        index += 3;
      } else {
        bytes.push(...encoder.encode(characters[index + 1] ?? ""));
        index += 1;
      }
    } else bytes.push(...encoder.encode(character));
  }
  return new TextDecoder().decode(new Uint8Array(bytes));
}

/** The texts of an answer's TXT records (a CNAME on the way is the resolver's to follow: skipped). */
export const txtTextsOf = (records: DnsJsonRecord[]): string[] =>
  records.flatMap((record) =>
    record.type === TXT && typeof record.data === "string" ? [txtRecordText(record.data)] : [],
  );

/** The TXT records of `name`; none when the name does not exist. */
export async function lookupTxt(name: string, options: ResolverOptions): Promise<TxtLookup> {
  try {
    const signal = AbortSignal.timeout(options.timeoutMs ?? RESOLVE_TIMEOUT_MS);
    return { ok: true, texts: txtTextsOf(await askDnsJson(name, "TXT", options, signal)) };
  } catch (error) {
    if (error instanceof ResolverFailure) return { ok: false, failure: error };
    throw error;
  }
}
