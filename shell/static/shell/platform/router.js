// Client-side navigation shared by the shell and micro-apps (single-spa owns the history).
import { navigateToUrl } from "single-spa";

export function navigate(url) {
  navigateToUrl(url);
}

// Calls handler(location) after every route change; returns the unsubscribe function.
export function onNavigate(handler) {
  const listener = () => handler(window.location);
  window.addEventListener("single-spa:routing-event", listener);
  return () => window.removeEventListener("single-spa:routing-event", listener);
}

function isClientLink(anchor, event) {
  if (!anchor || event.defaultPrevented || event.button !== 0) return false;
  if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return false;
  if (anchor.target && anchor.target !== "_self") return false;
  if (anchor.hasAttribute("download") || anchor.dataset.external !== undefined) return false;
  const url = new URL(anchor.href, window.location.href);
  return url.origin === window.location.origin && !url.pathname.startsWith("/api/") &&
    !url.pathname.startsWith("/bff/") && !url.pathname.startsWith("/oidc/") && !url.pathname.startsWith("/static/");
}

// Same-origin links, also inside shadow roots, navigate without a page load.
export function interceptLinks(root) {
  const listener = (event) => {
    const anchor = event.composedPath().find((node) => node instanceof HTMLAnchorElement);
    if (!isClientLink(anchor, event)) return;
    event.preventDefault();
    navigateToUrl(anchor.href);
  };
  root.addEventListener("click", listener);
  return () => root.removeEventListener("click", listener);
}
