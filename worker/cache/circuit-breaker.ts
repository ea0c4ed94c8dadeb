// Opens after N consecutive failures; while open, calls are skipped outright (a dead
// dependency then costs nothing per request). After the open period one call is let
// through: success closes the circuit, failure opens it again.
export type CircuitState = "closed" | "open" | "half-open";

export class CircuitBreaker {
  private consecutiveFailures = 0;
  private openUntil = 0;
  private probing = false;

  constructor(
    private readonly failureThreshold: number,
    private readonly openMs: number,
  ) {}

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
    this.consecutiveFailures = 0;
    this.openUntil = 0;
    this.probing = false;
  }

  recordFailure(now = Date.now()): void {
    this.probing = false;
    this.consecutiveFailures += 1;
    if (this.consecutiveFailures >= this.failureThreshold || this.openUntil !== 0) {
      this.openUntil = now + this.openMs;
    }
  }
}
