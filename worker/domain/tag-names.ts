// What a tag's name may be, and a list of them as a link carries it. Names compare without case:
// "News" and "news" are one tag, written as first given.
import { z } from "@hono/zod-openapi";
import { MAX_TAGS_PER_LINK, TAG_NAME_MAX_LENGTH } from "../lib/limits";

/** The separator of a tags cell in CSV (exports and imports): the one character a name may not hold. */
export const TAG_SEPARATOR = "|";

// Control characters (C0, DEL, C1) and the line and paragraph separators: a name is printable text.
// biome-ignore lint/suspicious/noControlCharactersInRegex: what it refuses
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

/** A name's problem, in words (or undefined): after trimming, 1 to 50 printable characters, no "|". */
export function tagNameProblem(name: string): string | undefined {
  if (name.length === 0) return "a tag name cannot be empty";
  if (name.length > TAG_NAME_MAX_LENGTH) return `a tag name must be at most ${TAG_NAME_MAX_LENGTH} characters`;
  if (UNPRINTABLE.test(name)) return "a tag name must be printable characters (no control characters)";
  if (name.includes(TAG_SEPARATOR)) return `a tag name cannot contain "${TAG_SEPARATOR}" (the CSV tags separator)`;
  return undefined;
}

/** The same names once, by their case-insensitive key, first spelling kept. */
export function distinctTagNames(names: readonly string[]): string[] {
  const seen = new Set<string>();
  return names.filter((name) => {
    const key = name.toLowerCase();
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** A tag name in a body: trimmed, then checked; `typeError` answers a missing or non-string value. */
export function tagName(typeError: string | ((issue: { input: unknown }) => string)) {
  return z
    .string({ error: typeError })
    .transform((name) => name.trim())
    .superRefine((name, context) => {
      const problem = tagNameProblem(name);
      if (problem) context.addIssue({ code: "custom", message: problem });
    })
    .openapi({ type: "string", example: "newsletter" });
}

/** A link's tags on create, PUT, PATCH: names (created for the owner when new), at most 20 distinct. */
export const TagList = z
  .array(tagName("tags must be an array of names"), { error: "tags must be an array of names" })
  .transform(distinctTagNames)
  .refine((names) => names.length <= MAX_TAGS_PER_LINK, `a link has at most ${MAX_TAGS_PER_LINK} tags`)
  .openapi({ type: "array", items: { type: "string" }, example: ["newsletter", "spring"] });

/** A tags cell of a CSV ("a|b|c"; `separators` for another source's): the names, or what is wrong. */
export function parseTagCell(
  cell: string,
  separators: RegExp = /\|/,
): { ok: true; names: string[] } | { ok: false; error: string } {
  const names = distinctTagNames(
    cell
      .split(separators)
      .map((name) => name.trim())
      .filter((name) => name.length > 0),
  );
  for (const name of names) {
    const problem = tagNameProblem(name);
    if (problem) return { ok: false, error: `tags: ${problem}` };
  }
  if (names.length > MAX_TAGS_PER_LINK)
    return { ok: false, error: `tags: a link has at most ${MAX_TAGS_PER_LINK} tags` };
  return { ok: true, names };
}

/** A repeatable query parameter of tag names (?tag=a&tag=b): one arrives as a string, more as an array. */
export function tagQuery(field: string) {
  return z
    .union([z.string(), z.array(z.string())], { error: `${field} must be a tag name` })
    .transform((value, context) => {
      const names = distinctTagNames((typeof value === "string" ? [value] : value).map((name) => name.trim()));
      for (const name of names) {
        const problem = tagNameProblem(name);
        if (problem) {
          context.addIssue({ code: "custom", message: `${field}: ${problem}` });
          return z.NEVER;
        }
      }
      if (names.length > MAX_TAGS_PER_LINK) {
        context.addIssue({ code: "custom", message: `${field}: at most ${MAX_TAGS_PER_LINK} names` });
        return z.NEVER;
      }
      return names;
    })
    .optional()
    .openapi({ type: "array", items: { type: "string" } });
}
