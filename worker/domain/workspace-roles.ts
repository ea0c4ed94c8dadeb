// What each role in a workspace may do, and the one rule a workspace's members can never break: it
// always has an owner. Pure: the services ask, the routes never decide.

export const WORKSPACE_KINDS = ["personal", "team", "operator"] as const;
export type WorkspaceKind = (typeof WORKSPACE_KINDS)[number];

/** Strongest first: each role may do what the ones after it may. */
export const WORKSPACE_ROLES = ["owner", "admin", "editor", "viewer"] as const;
export type WorkspaceRole = (typeof WORKSPACE_ROLES)[number];

/** What a member may do, each the least role that may. */
const LEAST_ROLE = {
  /** See the workspace, its members, links, stats and exports. */
  read: "viewer",
  /** Create, change and delete links and tags. */
  edit_links: "editor",
  /** Members, keys, webhooks and settings. */
  administer: "admin",
  /** Make or unmake owners. */
  own: "owner",
} as const satisfies Record<string, WorkspaceRole>;

export type WorkspaceAction = keyof typeof LEAST_ROLE;

const rank = (role: WorkspaceRole) => WORKSPACE_ROLES.length - WORKSPACE_ROLES.indexOf(role);

export function roleAllows(role: WorkspaceRole, action: WorkspaceAction): boolean {
  return rank(role) >= rank(LEAST_ROLE[action]);
}

/** The least role that may do `action`: named in a refusal. */
export const leastRoleFor = (action: WorkspaceAction): WorkspaceRole => LEAST_ROLE[action];

export interface RoleChange {
  /** The member's role now; undefined when they are not a member yet. */
  from: WorkspaceRole | undefined;
  /** Their role after the change; undefined when they leave or are removed. */
  to: WorkspaceRole | undefined;
  /** How many owners the workspace has now. */
  owners: number;
}

/** Why the change would leave the workspace without an owner, or undefined when it would not. */
export function lastOwnerProblem({ from, to, owners }: RoleChange): string | undefined {
  if (from === "owner" && to !== "owner" && owners <= 1) {
    return to === undefined
      ? "the last owner cannot leave or be removed: make another member an owner first"
      : "the last owner cannot be demoted: make another member an owner first";
  }
  return undefined;
}

/**
 * Whether a member of role `actor` may make this change: admins manage editors and viewers (and other
 * admins), only an owner may make, change or remove an owner.
 */
export function mayChangeRole(actor: WorkspaceRole, { from, to }: Pick<RoleChange, "from" | "to">): boolean {
  if (!roleAllows(actor, "administer")) return false;
  if (from === "owner" || to === "owner") return roleAllows(actor, "own");
  return true;
}
