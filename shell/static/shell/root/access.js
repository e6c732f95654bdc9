// Who may see what: an app's label, the gate in front of a protected app (sign in, or a role
// this user lacks), and whether a mount point's item is shown to this user.
import { hasRoles, signInUrl } from "@bazaar/platform";
import { user } from "./page.js";

export function labelOf(app) {
  return app.config?.title || app.slug.replace(/(^|-)(\w)/g, (_, sep, c) => (sep ? " " : "") + c.toUpperCase());
}

// A protected app is not even loaded for a user who may not see it: the slot says why.
export function gateFor(app) {
  if (!app.auth.required) return null;
  if (!user.signedIn) {
    return { title: `Sign in to see ${labelOf(app)}`, text: "This part of the shop needs you to sign in.",
      action: { label: "Sign in", href: () => signInUrl() } };
  }
  if (!hasRoles(app.auth.roles)) {
    return { title: "You don't have access to this page", text: `It needs the role ${app.auth.roles.join(" or ")}.` };
  }
  return null;
}

export function itemVisible(item) {
  if (item.signedIn !== undefined && item.signedIn !== null && item.signedIn !== user.signedIn) return false;
  return hasRoles(item.roles || []);
}
