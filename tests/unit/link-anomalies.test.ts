// Per-link anomalies, pure: the Poisson tail, the baselines, the look-alike hosts, and the recorded
// scenarios (tests/fixtures/anomaly-scenarios.ts) replayed hour by hour through the detector and the
// alert state machine.
import { describe, expect, it } from "vitest";
import { DEFAULT_ANOMALY_CONFIG } from "../../worker/config/anomaly-config";
import { registrableDomain } from "../../worker/lib/registrable-domain";
import { HOUR_MS, WEEK_MS } from "../../worker/lib/time";
import { type AlertProgress, advance, initialProgress } from "../../worker/services/alerts/state-machine";
import {
  ANOMALY_KINDS,
  type AnomalyKind,
  detectAnomalies,
  hourBaseline,
} from "../../worker/services/anomalies/detect-anomalies";
import { imitatedDomain, skeleton } from "../../worker/services/anomalies/lookalike";
import { logFactorial, poissonUpperTail } from "../../worker/services/anomalies/poisson";
import { anomalyScenarios } from "../fixtures/anomaly-scenarios";

const config = DEFAULT_ANOMALY_CONFIG;

describe("the Poisson tail", () => {
  it("matches values computed by hand", () => {
    expect(poissonUpperTail(0, 3)).toBe(1);
    expect(poissonUpperTail(1, 2)).toBeCloseTo(1 - Math.exp(-2), 12);
    // P(X ≥ 3 | λ = 1) = 1 − e⁻¹(1 + 1 + 1/2)
    expect(poissonUpperTail(3, 1)).toBeCloseTo(1 - Math.exp(-1) * 2.5, 12);
    expect(poissonUpperTail(5, 0)).toBe(0);
    // ln(30!) = Σ ln k
    expect(logFactorial(30)).toBeCloseTo(
      Array.from({ length: 30 }, (_, k) => Math.log(k + 1)).reduce((a, b) => a + b),
      8,
    );
  });

  it("says a large count is improbable for a small rate, and not for a rate near it", () => {
    expect(poissonUpperTail(60, 12)).toBeLessThan(1e-15);
    expect(poissonUpperTail(15, 12)).toBeGreaterThan(0.1);
    expect(poissonUpperTail(10_000, 9_000)).toBeLessThan(1e-20);
    expect(poissonUpperTail(9_000, 9_000)).toBeGreaterThan(0.4);
  });
});

describe("baselines", () => {
  it("weigh the same hour of earlier weeks, the latest most, and ignore weeks before the link existed", () => {
    const hour = 10 * WEEK_MS;
    const hours = new Map([
      [hour - 2 * WEEK_MS, { clicks: 10, human: 10, bot: 0 }],
      [hour - WEEK_MS, { clicks: 20, human: 20, bot: 0 }],
    ]);
    const old = { hours, createdAt: 0, domainChangedAt: null, imitates: null };
    // Eight weeks back: six empty weeks (0), then 10, then 20, each step b = 0.3x + 0.7b.
    let expected = 0;
    for (const human of [0, 0, 0, 0, 0, 0, 10, 20]) expected = 0.3 * human + 0.7 * expected;
    expect(hourBaseline(old, hour, config)).toBeCloseTo(expected, 10);
    const young = { ...old, createdAt: hour - 2 * WEEK_MS - 30 * 60_000 };
    expect(hourBaseline(young, hour, config)).toBeCloseTo(0.3 * 20 + 0.7 * 10, 10);
    expect(hourBaseline({ ...old, createdAt: hour - HOUR_MS }, hour, config)).toBeNull();
  });
});

describe("look-alike destinations", () => {
  it.each([
    ["https://xn--pypal-4ve.com/login", "paypal.com"], // pаypal.com, Cyrillic а
    ["https://secure.xn--ggle-55da.com/", "google.com"], // gооgle.com, Cyrillic о
    ["https://xn--mcrosoft-tkb.com/", "microsoft.com"], // mıcrosoft.com, dotless ı
    ["https://xn--pl-6kc9d.com/", null], // аpрl.com looks like appl.com: not a well-known domain
    ["https://paypal.com/", null], // the real one
    ["https://xn--bcher-kva.example/", null], // bücher.example: punycode, imitating nobody
    ["not a url", null],
  ])("%s imitates %s", (destination, imitated) => {
    expect(imitatedDomain(destination)).toBe(imitated);
  });

  it("reduce names to what they look like, and hosts to their registrable domain", () => {
    expect(skeleton("Ρаypаl")).toBe("paypal");
    expect(skeleton("café")).toBe("cafe");
    expect(registrableDomain("a.b.example.co.uk")).toBe("example.co.uk");
    expect(registrableDomain("127.0.0.1")).toBe("127.0.0.1");
  });
});

describe("recorded scenarios", () => {
  for (const scenario of anomalyScenarios()) {
    it(`${scenario.name}: fires exactly where recorded, once per episode`, () => {
      const activity = {
        hours: scenario.hours,
        createdAt: 0,
        domainChangedAt: scenario.domainChangedAt,
        imitates: scenario.imitates,
      };
      const fired: Partial<Record<AnomalyKind, number[]>> = {};
      const records = new Map<AnomalyKind, AlertProgress>();
      const notices: string[] = [];
      for (let hour = scenario.evaluateFrom; hour <= scenario.lastHour; hour += HOUR_MS) {
        const verdicts = detectAnomalies(activity, hour, config);
        for (const kind of ANOMALY_KINDS) {
          const verdict = verdicts[kind];
          if (verdict.condition) fired[kind] = [...(fired[kind] ?? []), hour];
          const previous = records.get(kind) ?? initialProgress();
          const { record, notify } = advance(previous, verdict, hour, { confirmations: 1, reminderMs: 0 });
          records.set(kind, record);
          if (notify) notices.push(`${kind} ${notify}`);
        }
      }
      expect(fired).toEqual(scenario.fires);
      // One episode per kind that fires: it resolves unless it still holds at the last hour.
      const expectedNotices = Object.entries(scenario.fires).flatMap(([kind, hours]) =>
        hours.at(-1) === scenario.lastHour ? [`${kind} firing`] : [`${kind} firing`, `${kind} resolved`],
      );
      expect(notices.sort()).toEqual(expectedNotices.sort());
    });
  }

  it("a look-alike destination fires destination_changed_then_spike whatever its traffic", () => {
    const hours = new Map([[WEEK_MS, { clicks: 3, human: 3, bot: 0 }]]);
    const verdicts = detectAnomalies(
      { hours, createdAt: 0, domainChangedAt: null, imitates: "paypal.com" },
      WEEK_MS,
      config,
    );
    expect(verdicts.destination_changed_then_spike).toMatchObject({ condition: true });
    expect(verdicts.destination_changed_then_spike.detail).toContain("imitates paypal.com");
    expect(verdicts.spike.condition).toBe(false);
  });
});
