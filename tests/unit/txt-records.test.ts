// TXT records as DNS-over-HTTPS JSON answers carry them (worker/lib/txt-records.ts), and what a manual
// domain's records say of its ownership (worker/domain/txt-ownership.ts).
import { describe, expect, it } from "vitest";
import { stateAfterCheck } from "../../worker/domain/domain-check";
import { answerOfOwnershipRecord } from "../../worker/domain/txt-ownership";
import { lookupTxt, txtRecordText, txtTextsOf } from "../../worker/lib/txt-records";

/** A resolver that answers every question with `body` (and HTTP `status`). */
const answering = (body: unknown, status = 200) => ({
  url: "https://resolver.test/dns-query",
  fetcher: (async () => new Response(JSON.stringify(body), { status })) as typeof fetch,
});

describe("a TXT record's text", () => {
  it("drops the quotes and joins a record split into several strings", () => {
    expect(txtRecordText('"linkscope-verify=abc"')).toBe("linkscope-verify=abc");
    expect(txtRecordText('"linkscope-verify=" "abc" "def"')).toBe("linkscope-verify=abcdef");
    expect(txtRecordText('"a""b"')).toBe("ab");
    expect(txtRecordText('""')).toBe("");
  });

  it("unescapes quotes, backslashes and decimal bytes (UTF-8 arrives as bytes)", () => {
    expect(txtRecordText('"say \\"hi\\" \\\\ there"')).toBe('say "hi" \\ there');
    expect(txtRecordText('"caf\\195\\169"')).toBe("café");
    expect(txtRecordText('"café"')).toBe("café");
  });

  it("takes bare data (Google's JSON API) as the text", () => {
    expect(txtRecordText("linkscope-verify=abc")).toBe("linkscope-verify=abc");
  });

  it("keeps the TXT records of an answer and skips the rest (a CNAME on the way)", () => {
    expect(
      txtTextsOf([
        { type: 5, data: "elsewhere.example." },
        { type: 16, data: '"one"' },
        { type: 16, data: '"tw" "o"' },
        { type: 16 },
      ]),
    ).toEqual(["one", "two"]);
  });
});

describe("looking a TXT record up", () => {
  it("reads the records, and a name that does not exist has none", async () => {
    expect(await lookupTxt("_x.example.com", answering({ Status: 0, Answer: [{ type: 16, data: '"v"' }] }))).toEqual({
      ok: true,
      texts: ["v"],
    });
    expect(await lookupTxt("_x.example.com", answering({ Status: 3 }))).toEqual({ ok: true, texts: [] });
    expect(await lookupTxt("_x.example.com", answering({ Status: 0 }))).toEqual({ ok: true, texts: [] });
  });

  it("a resolver that cannot answer is a failure, never an empty answer", async () => {
    const failureOf = async (options: Parameters<typeof lookupTxt>[1]) => {
      const lookup = await lookupTxt("_x.example.com", options);
      return lookup.ok ? "answered" : lookup.failure.rcode;
    };
    expect(await failureOf(answering({ Status: 2 }))).toBe(2);
    expect(await failureOf(answering({ Status: 5 }))).toBe(5);
    expect(await failureOf(answering({ error: "busy" }, 502))).toBeNull();
    expect(await failureOf(answering("not a DNS answer"))).toBeNull();
    expect(await failureOf(answering(null))).toBeNull();
    expect(await failureOf({ url: "http://127.0.0.1:9/dns-query", timeoutMs: 2_000 })).toBeNull();
  });
});

describe("a manual domain's ownership", () => {
  const record = { txtName: "_linkscope-challenge.go.example.com", txtValue: "linkscope-verify=secret" };

  it("is proven by any one record holding exactly the value; the certificate is never ours", () => {
    const proven = answerOfOwnershipRecord(record, ["google-site-verification=x", "linkscope-verify=secret"]);
    expect(proven).toEqual({ ownership: "verified", certificate: "none", problem: null });
    expect(stateAfterCheck("pending", proven)).toBe("active");
  });

  it("is pending while no record exists, with the record to create named", () => {
    const missing = answerOfOwnershipRecord(record, []);
    expect(missing).toEqual({
      ownership: "pending",
      certificate: "none",
      problem: "no TXT record at _linkscope-challenge.go.example.com: create it with the value linkscope-verify=secret",
    });
    expect(stateAfterCheck("pending", missing)).toBe("pending");
    expect(stateAfterCheck("active", missing)).toBe("unhealthy");
  });

  it("fails on another value, saying what the value must be", () => {
    const wrong = answerOfOwnershipRecord(record, ["linkscope-verify=other", "linkscope-verify=secret "]);
    expect(wrong).toEqual({
      ownership: "failed",
      certificate: "none",
      problem:
        "the TXT record at _linkscope-challenge.go.example.com holds another value: set it to exactly linkscope-verify=secret",
    });
    expect(stateAfterCheck("pending", wrong)).toBe("pending");
  });
});
