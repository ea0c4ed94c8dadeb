import { describe, expect, it } from "vitest";
import { decodeAuditCursor, encodeAuditCursor } from "../../worker/domain/audit-cursor";
import { lastOwnerProblem, mayChangeRole, roleAllows } from "../../worker/domain/workspace-roles";

describe("workspace roles", () => {
  it("each role may do what the ones below it may", () => {
    const table = (["owner", "admin", "editor", "viewer"] as const).map((role) =>
      (["read", "edit_links", "administer", "own"] as const).map((action) => roleAllows(role, action)),
    );
    expect(table).toEqual([
      [true, true, true, true],
      [true, true, true, false],
      [true, true, false, false],
      [true, false, false, false],
    ]);
  });

  it("admins manage everyone but owners; only owners make, change or remove owners", () => {
    expect(mayChangeRole("admin", { from: "viewer", to: "editor" })).toBe(true);
    expect(mayChangeRole("admin", { from: "editor", to: "admin" })).toBe(true);
    expect(mayChangeRole("admin", { from: "admin", to: "owner" })).toBe(false);
    expect(mayChangeRole("admin", { from: "owner", to: undefined })).toBe(false);
    expect(mayChangeRole("owner", { from: "owner", to: "viewer" })).toBe(true);
    expect(mayChangeRole("editor", { from: "viewer", to: undefined })).toBe(false);
  });

  it("the last owner can neither leave nor be demoted", () => {
    expect(lastOwnerProblem({ from: "owner", to: "admin", owners: 1 })).toContain("cannot be demoted");
    expect(lastOwnerProblem({ from: "owner", to: undefined, owners: 1 })).toContain("cannot leave");
    expect(lastOwnerProblem({ from: "owner", to: "admin", owners: 2 })).toBeUndefined();
    expect(lastOwnerProblem({ from: "admin", to: undefined, owners: 1 })).toBeUndefined();
    expect(lastOwnerProblem({ from: undefined, to: "owner", owners: 0 })).toBeUndefined();
  });
});

describe("audit cursor", () => {
  it("round-trips an id and refuses anything else", () => {
    expect(decodeAuditCursor(encodeAuditCursor(42))).toBe(42);
    for (const bogus of [
      "",
      "bogus",
      encodeAuditCursor(0),
      btoa("audit:-1"),
      btoa("other:5"),
      btoa("audit:99999999999"),
    ]) {
      expect(decodeAuditCursor(bogus)).toBeUndefined();
    }
  });
});
