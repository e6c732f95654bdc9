// The header's links follow the route: the nav marks the current page, and "Sign in" returns
// the user to where they are now (the provider sends them back there), not where the page began.
import { onNavigate, signInUrl } from "@bazaar/platform";

export function keepHeaderLinksCurrent() {
  onNavigate(keepSignInLinkCurrent);
  onNavigate(markCurrentNavLink);
}

function keepSignInLinkCurrent() {
  for (const link of document.querySelectorAll("[data-sign-in]")) link.href = signInUrl();
}

function markCurrentNavLink() {
  for (const link of document.querySelectorAll(".site-nav a")) {
    const path = new URL(link.href).pathname;
    const current = window.location.pathname === path || (path !== "/" && window.location.pathname.startsWith(path + "/"));
    if (current) link.setAttribute("aria-current", "page");
    else link.removeAttribute("aria-current");
  }
}
