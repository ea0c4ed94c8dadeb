// A route's permission, spread into its createRoute: it becomes the operation's x-permission.
import type { Permission } from "../../domain/permissions";

export const requires = (permission: Permission) => ({ "x-permission": permission }) as const;
