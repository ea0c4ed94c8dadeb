import { describe, expect, it } from "vitest";
import { DEFAULT_PER_PAGE, resolveWindow, UNPAGINATED_MAX_ROWS } from "../../worker/lib/pagination";

describe("resolveWindow", () => {
  it("caps an unpaginated list", () => {
    expect(resolveWindow({})).toEqual({ limit: UNPAGINATED_MAX_ROWS, offset: 0 });
  });
  it("pages from 1, treating page 0 as page 1", () => {
    expect(resolveWindow({ page: 3, per_page: 10 })).toEqual({ limit: 10, offset: 20 });
    expect(resolveWindow({ page: 0, per_page: 10 })).toEqual({ limit: 10, offset: 0 });
    expect(resolveWindow({ page: 2 })).toEqual({ limit: DEFAULT_PER_PAGE, offset: DEFAULT_PER_PAGE });
  });
});
