// Property-based tests (fast-check) of the pure parts every request goes through: the URL
// validator, the CSV row validators and the request schemas. Each property runs on hundreds of
// generated inputs, hostile ones included; none may throw, and what is accepted keeps its promises.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CreateUrlBody, ShortenBody, UpdateUrlBody } from "../../worker/contracts/link-requests";
import { destinationShapeProblem } from "../../worker/domain/destination";
import { isPrivateHost } from "../../worker/lib/private-address";
import { CreateEventBody } from "../../worker/routes/events/schema";
import { CreateUserBody, UpdateUserBody } from "../../worker/routes/users/schema";
import { urlImportPlan } from "../../worker/services/imports/import-urls";
import { userImportPlan } from "../../worker/services/imports/import-users";

const NO_POLICY = { ownHosts: [], blockedDomains: [] };

const RUNS = { numRuns: 500 };

/** "javascript:" with random case, and ASCII tab/newline/space noise and percent-encodings inside. */
const javascriptScheme = fc
  .array(fc.tuple(fc.boolean(), fc.constantFrom("", "\t", "\n", "\r", " ", "%09", "%0a", "\u0000")), {
    minLength: 10,
    maxLength: 10,
  })
  .map((choices) =>
    [..."javascript"]
      .map((letter, i) => {
        const [upper, noise] = choices[i] ?? [false, ""];
        return (upper ? letter.toUpperCase() : letter) + noise;
      })
      .join(""),
  )
  .chain((scheme) => fc.constantFrom(`${scheme}:alert(1)`, ` ${scheme}:alert(1)`, `${scheme}://alert(1)`));

describe("URL validator properties", () => {
  it("never throws, and whatever it accepts is an absolute public http(s) URL without credentials", () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string(), fc.string({ unit: "binary" }), fc.webUrl({ withQueryParameters: true })),
        (input) => {
          const problem = destinationShapeProblem(input);
          if (problem !== undefined) return;
          const url = new URL(input);
          expect(["http:", "https:"]).toContain(url.protocol);
          expect(url.username + url.password).toBe("");
          expect(isPrivateHost(url.hostname)).toBe(false);
          expect(input.length).toBeLessThanOrEqual(2048);
        },
      ),
      RUNS,
    );
  });

  it("refuses javascript: in any case, with any whitespace or encoding noise", () => {
    fc.assert(
      fc.property(javascriptScheme, (input) => {
        expect(destinationShapeProblem(input)).toBeDefined();
      }),
      RUNS,
    );
  });

  it("refuses credentials and private IPv4 hosts in every notation the parser accepts", () => {
    const privateIp = fc.oneof(
      fc.tuple(fc.constant(127), fc.nat(255), fc.nat(255), fc.nat(255)),
      fc.tuple(fc.constant(10), fc.nat(255), fc.nat(255), fc.nat(255)),
      fc.tuple(fc.constant(192), fc.constant(168), fc.nat(255), fc.nat(255)),
      fc.tuple(fc.constant(169), fc.constant(254), fc.nat(255), fc.nat(255)),
      fc.tuple(fc.constant(172), fc.integer({ min: 16, max: 31 }), fc.nat(255), fc.nat(255)),
    );
    fc.assert(
      fc.property(privateIp, fc.constantFrom("dotted", "decimal", "hex"), ([a, b, c, d], notation) => {
        const value = ((a << 24) >>> 0) + (b << 16) + (c << 8) + d;
        const host =
          notation === "dotted"
            ? `${a}.${b}.${c}.${d}`
            : notation === "decimal"
              ? String(value)
              : `0x${value.toString(16)}`;
        expect(destinationShapeProblem(`http://${host}/x`)).toBe("private_address");
      }),
      RUNS,
    );
    fc.assert(
      fc.property(fc.webUrl(), fc.stringMatching(/^[a-z0-9]{1,12}$/), (url, user) => {
        const withUser = url.replace("://", `://${user}:pw@`);
        expect(destinationShapeProblem(withUser)).toBe("userinfo");
      }),
      RUNS,
    );
  });
});

describe("CSV row validator properties", () => {
  const csvCell = fc.oneof(
    fc.string(),
    fc.string({ unit: "binary" }),
    fc.constantFrom(
      '=HYPERLINK("http://evil")',
      "+cmd|' /C calc'!A0",
      "@SUM(1+1)",
      "-2+3",
      "../../etc/passwd",
      "\u0000",
      "",
    ),
  );
  const record = fc.dictionary(
    fc.constantFrom(
      "id",
      "user_id",
      "short_code",
      "original_url",
      "title",
      "is_active",
      "created_at",
      "updated_at",
      "username",
      "email",
    ),
    csvCell,
  );

  it("never throw: every row is valid or has a reason", () => {
    fc.assert(
      fc.property(record, (row) => {
        for (const plan of [urlImportPlan, userImportPlan]) {
          const result = plan.validate(row as Record<string, string>, NO_POLICY);
          expect(typeof result === "string" || typeof result === "object").toBe(true);
        }
      }),
      RUNS,
    );
  });

  it("accept a url row only with a valid destination and short code", () => {
    fc.assert(
      fc.property(record, (row) => {
        const result = urlImportPlan.validate(row as Record<string, string>, NO_POLICY);
        if (typeof result === "string") return;
        expect(destinationShapeProblem(result.originalUrl)).toBeUndefined();
        expect(result.shortCode).toMatch(/^[A-Za-z0-9_-]{1,64}$/);
      }),
      RUNS,
    );
  });
});

describe("request schema properties", () => {
  it("every body schema answers any JSON value without throwing", () => {
    const schemas = [CreateUrlBody, ShortenBody, UpdateUrlBody, CreateUserBody, UpdateUserBody, CreateEventBody];
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        for (const schema of schemas) {
          const parsed = schema.safeParse(value);
          if (!parsed.success) expect(parsed.error.issues.length).toBeGreaterThan(0);
        }
      }),
      RUNS,
    );
  });
});
