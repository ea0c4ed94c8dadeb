import { describe, expect, it } from "vitest";
import { isValidDestination } from "../../worker/lib/destination";

describe("isValidDestination", () => {
  it.each([
    "https://example.com",
    "http://example.com/a?b=c#d",
    "HTTP://EXAMPLE.COM",
    "https://xn--bcher-kva.example/",
  ])("accepts %s", (value) => expect(isValidDestination(value)).toBe(true));
  it.each([
    "",
    "   ",
    "example.com",
    "not-a-url",
    "ftp://example.com",
    "http://",
    "javascript:alert(1)",
    "data:text/html,hi",
    "https://exa mple.com",
    "https://example.com/\nSet-Cookie: x",
    `https://example.com/${"a".repeat(2048)}`,
  ])("rejects %j", (value) => expect(isValidDestination(value)).toBe(false));
});
