// Signing out with changes not yet sent asks first: keep them on this device for this account
// (sent the next time it signs in here; nobody else can see or send them) or discard them.
import { announceSignOut, outbox } from "@bazaar/platform";

export function confirmSignOut() {
  const form = document.querySelector(".account__signout");
  if (!form) return;
  form.addEventListener("submit", async (event) => {
    const { pending, dead } = outbox.summary();
    if (form.dataset.confirmed || (!pending && !dead)) return announceSignOut();
    event.preventDefault();
    const choice = await askAboutUnsentChanges(pending, dead);
    if (choice !== "keep" && choice !== "discard") return;
    if (choice === "discard") await outbox.discardMine();
    form.dataset.confirmed = "yes";
    announceSignOut();
    form.submit(); // submit() sends the form without a second submit event
  });
}

function askAboutUnsentChanges(pending, dead) {
  const changes = (n) => `${n} ${n === 1 ? "change" : "changes"}`;
  const dialog = document.createElement("dialog");
  dialog.className = "signout-dialog";
  dialog.dataset.testid = "signout-dialog";
  dialog.dataset.bzShell = "";
  dialog.setAttribute("aria-labelledby", "signout-dialog-title");
  const what = [pending && `${changes(pending)} not sent yet`, dead && `${changes(dead)} the shop refused`].filter(Boolean).join(" and ");
  dialog.innerHTML = `<form method="dialog">
    <h2 id="signout-dialog-title">You have ${what}</h2>
    <p>They are saved on this device for your account. Keep them and they are sent the next time you
      sign in here; nobody else who signs in on this device can see or send them.</p>
    <div class="signout-dialog__actions">
      <button class="button" value="keep" data-testid="signout-keep">Keep them and sign out</button>
      <button class="button button--ghost" value="discard" data-testid="signout-discard">Discard them and sign out</button>
      <button class="button button--ghost" value="cancel" data-testid="signout-cancel">Stay signed in</button>
    </div></form>`;
  document.body.append(dialog);
  return new Promise((resolve) => {
    dialog.addEventListener("close", () => {
      resolve(dialog.returnValue);
      dialog.remove();
    }, { once: true });
    dialog.showModal();
  });
}
