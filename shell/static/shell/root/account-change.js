// Someone else signed in (or the user signed out) in another tab of this device: this page is
// no longer its user's session. It sends and reads nothing more as them, and says so.
import { onAccountChange } from "@bazaar/platform";
import { user } from "./page.js";

export function showAccountChange() {
  const notice = document.querySelector("[data-account-notice]");
  if (!notice) return;
  onAccountChange((change) => {
    notice.hidden = !change;
    if (!change) return;
    const text = document.createElement("span");
    text.textContent = change.to
      ? `${change.to.name} is now signed in on this device, in another tab. Nothing more is sent from this page as ${user.name}.`
      : `${user.name} signed out on this device, in another tab. Nothing more is sent from this page.`;
    const reload = document.createElement("button");
    reload.type = "button";
    reload.className = "button";
    reload.textContent = "Reload this page";
    reload.addEventListener("click", () => window.location.reload());
    notice.replaceChildren(text, reload);
  });
}
