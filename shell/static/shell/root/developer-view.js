// Two voices. Shoppers see plain words; the technical detail (the requests waiting in the
// outbox and their attempts, an app's error message, the registry revision) is the developer
// view, which dev environments and admins may turn on from the footer. It is a preference of
// this browser; the page says which view it shows with data-developer-view on <html>, and
// elements marked data-developer-only show in that view only.
import { hasRoles } from "@bazaar/platform";
import { config } from "./page.js";

const KEY = "bazaar:developer-view";
const EVENT = "bazaar:developer-view";

export const developerViewAvailable = () => Boolean(config.dev) || hasRoles(["admin"]);

export function developerView() {
  try {
    return developerViewAvailable() && window.localStorage.getItem(KEY) === "on";
  } catch {
    return false;
  }
}

// callback(on) now and whenever the view changes; returns the function that stops it.
export function onDeveloperView(callback) {
  const listener = () => callback(developerView());
  window.addEventListener(EVENT, listener);
  callback(developerView());
  return () => window.removeEventListener(EVENT, listener);
}

export function offerDeveloperView() {
  const toggle = document.querySelector("[data-developer-toggle]");
  const show = (on) => {
    document.documentElement.toggleAttribute("data-developer-view", on);
    if (toggle) toggle.setAttribute("aria-pressed", String(on));
  };
  show(developerView());
  if (!toggle || !developerViewAvailable()) return;
  toggle.hidden = false;
  toggle.addEventListener("click", () => {
    try {
      window.localStorage.setItem(KEY, developerView() ? "off" : "on");
    } catch {
      return; // storage disabled: the view stays as it is
    }
    show(developerView());
    window.dispatchEvent(new Event(EVENT));
  });
}
