// Opens when at least half of the recent calls failed (with a minimum number of calls, so
// one unlucky burst under load does not trip it); while open, calls are skipped outright and
// a dead dependency costs nothing per request. After the open period one probe goes out:
// success closes the circuit, failure opens it again.
export type CircuitState = "closed" | "open" | "half-open";

export interface CircuitSettings {
  /** How many recent outcomes are remembered. */
  windowSize: number;
  /** Fewer outcomes than this never open the circuit. */
  minimumCalls: number;
  /** Share of failures in the window that opens the circuit (0..1). */
  failureRatio: number;
  openMs: number;
}

export class CircuitBreaker {
  private readonly outcomes: boolean[] = [];
  private openUntil = 0;
  private probing = false;

  constructor(private readonly settings: CircuitSettings) {}

  state(now = Date.now()): CircuitState {
    if (this.openUntil === 0) return "closed";
    return now < this.openUntil ? "open" : "half-open";
  }

  /** Whether a call may go out now. In half-open, only one probe at a time. */
  allow(now = Date.now()): boolean {
    const state = this.state(now);
    if (state === "closed") return true;
    if (state === "open" || this.probing) return false;
    this.probing = true;
    return true;
  }

  recordSuccess(): void {
    if (this.openUntil !== 0) {
      // The probe succeeded: start afresh.
      this.outcomes.length = 0;
      this.openUntil = 0;
    }
    this.probing = false;
    this.remember(true);
  }

  recordFailure(now = Date.now()): void {
    const wasProbe = this.probing;
    this.probing = false;
    this.remember(false);
    const failures = this.outcomes.filter((ok) => !ok).length;
    const tripped =
      this.outcomes.length >= this.settings.minimumCalls &&
      failures / this.outcomes.length >= this.settings.failureRatio;
    if (wasProbe || this.openUntil !== 0 || tripped) this.openUntil = now + this.settings.openMs;
  }

  private remember(ok: boolean): void {
    this.outcomes.push(ok);
    if (this.outcomes.length > this.settings.windowSize) this.outcomes.shift();
  }
}
