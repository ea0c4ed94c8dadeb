// The rules of the rules set's links: the worst case a link's owner could plausibly write, where
// every rule but the last is evaluated and missed before the match.

/** 24 rules a desktop browser in no particular country does not match, then one it does. */
export function benchRules() {
  const countries = ["FR", "DE", "IT", "ES", "PT", "NL", "BE", "AT", "CH", "PL", "SE", "NO", "DK", "FI", "IE"];
  const misses = Array.from({ length: 24 }, (_, index) => {
    const kinds = [
      [{ type: "country", values: countries }],
      [
        { type: "os", values: ["ios", "android"] },
        { type: "country", values: ["US"] },
      ],
      [{ type: "language", values: ["ja", "zh", "ko"] }],
      [{ type: "query", param: "campaign", op: "equals", values: [`c${index}`] }],
      [{ type: "ip", values: ["203.0.113.0/24", "2001:db8::/32"] }],
      [
        { type: "browser", values: ["safari", "edge"] },
        { type: "device", values: ["mobile"] },
      ],
    ];
    return { conditions: kinds[index % kinds.length], destination: `https://example.com/rule/${index}` };
  });
  return [
    ...misses,
    { conditions: [{ type: "device", values: ["desktop"] }], destination: "https://example.com/desktop" },
  ];
}
