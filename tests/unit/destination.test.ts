import { describe, expect, it } from "vitest";
import {
  checkDestination,
  destinationShapeProblem,
  isValidDestination,
  parseDomainList,
  policyProblem,
  serialisedDestination,
} from "../../worker/domain/destination";
import { isPrivateHost } from "../../worker/lib/private-address";

describe("destination shape", () => {
  it.each([
    "https://example.com",
    "http://example.com/a?b=c#d",
    "HTTP://EXAMPLE.COM",
    "https://xn--bcher-kva.example/",
    "https://bücher.example/path",
    "https://8.8.8.8/dns",
    "https://[2001:4860:4860::8888]/",
  ])("accepts %s", (value) => expect(isValidDestination(value)).toBe(true));

  it.each([
    ["", "invalid"],
    ["   ", "invalid"],
    ["example.com", "invalid"],
    ["not-a-url", "invalid"],
    ["http://", "invalid"],
    ["https://exa mple.com", "invalid"],
    ["https://example.com/\nSet-Cookie: x", "invalid"],
    [`https://example.com/${"a".repeat(2048)}`, "too_long"],
    ["ftp://example.com", "protocol"],
    ["javascript:alert(1)", "protocol"],
    ["JaVaScRiPt:alert(1)", "protocol"],
    ["java%73cript:alert(1)", "invalid"],
    ["data:text/html,hi", "protocol"],
    ["vbscript:msgbox(1)", "protocol"],
    ["https://user:pass@example.com/", "userinfo"],
    ["https://token@example.com/", "userinfo"],
    ["http://127.0.0.1/admin", "private_address"],
    ["http://0x7f.1/", "private_address"],
    ["http://2130706433/", "private_address"],
    ["http://localhost:8787/", "private_address"],
    ["http://api.localhost/", "private_address"],
    ["http://169.254.169.254/latest/meta-data/", "private_address"],
    ["http://10.1.2.3/", "private_address"],
    ["http://172.16.0.1/", "private_address"],
    ["http://192.168.1.1/", "private_address"],
    ["http://100.64.0.1/", "private_address"],
    ["http://[::1]/", "private_address"],
    ["http://[fe80::1]/", "private_address"],
    ["http://[fd00::1]/", "private_address"],
    ["http://[::ffff:127.0.0.1]/", "private_address"],
    ["http://printer.local/", "private_address"],
    ["http://intranet/", "private_address"],
    // Parser-confusion forms: whatever a lenient parser might read, WHATWG URL sees credentials or a private host.
    ["https://good.example@evil.example/", "userinfo"],
    ["http://127.0.0.1:80\\@good.example/", "ambiguous"],
    ["http:\\\\127.0.0.1/", "ambiguous"],
    ["http://[::]/", "private_address"],
    ["http://0/", "private_address"],
    ["http://127.1/", "private_address"],
    ["http://017700000001/", "private_address"],
    // Trailing dots, however many (issue 27, 9.): the parser keeps them as names, a resolver does not.
    ["http://localhost../", "private_address"],
    ["http://127.0.0.1../", "private_address"],
    ["http://0x7f.1../", "private_address"],
    ["http://printer.local.../", "private_address"],
    ["http://../", "invalid"],
  ])("refuses %j (%s)", (value, problem) => expect(destinationShapeProblem(value)).toBe(problem));
});

describe("isPrivateHost", () => {
  it("leaves public hosts alone", () => {
    for (const host of [
      "example.com",
      "8.8.8.8",
      "172.32.0.1",
      "192.169.0.1",
      "[2001:4860:4860::8888]",
      "[2606:4700::1111]",
      "[::ffff:808:808]",
      "[64:ff9b::808:808]",
      "[2002:808:808::1]",
      "100.128.0.1",
    ]) {
      expect(isPrivateHost(host)).toBe(false);
    }
  });
});

describe("IPv6 forms of private and reserved addresses", () => {
  it.each([
    "[::127.0.0.1]", // IPv4-compatible loopback
    "[::7f00:1]",
    "[::ffff:0:7f00:1]", // IPv4-translated
    "[64:ff9b::7f00:1]", // NAT64 of 127.0.0.1
    "[64:ff9b::a00:1]", // NAT64 of 10.0.0.1
    "[64:ff9b:1::1]", // local-use NAT64
    "[2002:7f00:1::]", // 6to4 of 127.0.0.1
    "[2002:c0a8:101::1]", // 6to4 of 192.168.1.1
    "[2001:db8::1]", // documentation
    "[3fff::1]", // documentation
    "[2001::1]", // Teredo
    "[100::1]", // discard-only
    "[fec0::1]", // site-local
    "[ff02::1]",
    "[5f00::1]",
  ])("refuses %s", (host) => expect(isPrivateHost(host)).toBe(true));

  it("reads the forms WHATWG URL writes them in", () => {
    for (const literal of ["[::127.0.0.1]", "[64:ff9b::127.0.0.1]", "[2002:7f00:1::]", "[::ffff:10.0.0.1]"]) {
      expect(destinationShapeProblem(`http://${literal}/`)).toBe("private_address");
    }
  });
});

describe("what is stored is what is sent", () => {
  it.each([
    "http:a.example/../CODE",
    "https:x.example/../CODE",
    "https:/example.com",
    "https:///example.com/",
    "HTTP:example.com",
    "https:\\\\example.com/",
    "https://example.com\\..\\CODE",
    "https://example.com/a\\b",
  ])("refuses %j, whose serialisation would change its meaning", (value) =>
    expect(destinationShapeProblem(value)).toBe("ambiguous"),
  );

  it.each([
    ["https://example.com", "https://example.com/"],
    ["HTTPS://EXAMPLE.COM/A", "https://example.com/A"],
    ["https://example.com/a/../b?c=d#e", "https://example.com/b?c=d#e"],
    ["https://bücher.example/straße", "https://xn--bcher-kva.example/stra%C3%9Fe"],
    ["http://example.com:80/x", "http://example.com/x"],
  ])("stores %j as its serialisation %j", (value, href) => expect(checkDestination(value)).toEqual({ ok: true, href }));

  it("serialises stored rows written before the rule, or refuses non-http(s) ones", () => {
    expect(serialisedDestination("http:a.example/../CODE")).toBe("http://a.example/CODE");
    expect(serialisedDestination("javascript:alert(1)")).toBeNull();
    expect(serialisedDestination("not a url")).toBeNull();
  });
});

describe("destination policy", () => {
  const policy = {
    ownHosts: parseDomainList("lnk.example, short.example"),
    blockedDomains: parseDomainList("evil.test, *.bad.example, bücher.example"),
  };

  it("refuses the service's own hosts and blocked domains with their subdomains", () => {
    expect(policyProblem("https://lnk.example/abc", policy)).toBe("own_host");
    expect(policyProblem("https://evil.test/x", policy)).toBe("blocked_domain");
    expect(policyProblem("https://login.evil.test/x", policy)).toBe("blocked_domain");
    expect(policyProblem("https://EVIL.TEST./x", policy)).toBe("blocked_domain");
    // Issue 27, 9.: every trailing dot goes, not only the last one.
    expect(policyProblem("https://evil.test../x", policy)).toBe("blocked_domain");
    expect(policyProblem("https://login.evil.test.../x", policy)).toBe("blocked_domain");
    expect(policyProblem("https://lnk.example../abc", policy)).toBe("own_host");
    expect(policyProblem("https://a.bad.example/", policy)).toBe("blocked_domain");
    expect(policyProblem("https://xn--bcher-kva.example/", policy)).toBe("blocked_domain");
    expect(policyProblem("https://notevil.test/", policy)).toBeUndefined();
    // A backslash ends the host for browsers and for the checks alike: the host here is evil.test.
    expect(policyProblem("http://evil.test\\@good.example/", policy)).toBe("blocked_domain");
    expect(policyProblem("https://example.com/", policy)).toBeUndefined();
  });
});
