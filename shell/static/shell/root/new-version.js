// A new registry revision means new module versions: the page offers a reload rather than mix
// them (it hears of revisions on the live "registry" topic).
import { live } from "@bazaar/platform";
import { config } from "./page.js";
import { checkForNewWorker, reloadIntoNewVersion } from "./service-worker.js";

export function offerReloadOnNewRevision() {
  const notice = document.querySelector("[data-update-notice]");
  if (!notice) return;
  const showNotice = (revision) => {
    if (revision === config.revision || !notice.hidden) return;
    notice.dataset.revision = String(revision);
    const text = document.createElement("span");
    text.textContent = "A new version of the shop is available.";
    const reload = document.createElement("button");
    reload.type = "button";
    reload.className = "button";
    reload.textContent = "Reload";
    reload.addEventListener("click", () => reloadIntoNewVersion());
    notice.replaceChildren(text, reload);
    notice.hidden = false;
  };
  // After a resync the missed revisions are gone from the log: ask the shop which is current.
  const show = (revision) => {
    if (revision !== config.revision) checkForNewWorker();
    showNotice(revision);
  };
  const refetch = async () => {
    const response = await fetch("/api/registry/revisions/current", { headers: { Accept: "application/json" } });
    if (response.ok) show((await response.json()).number);
  };
  live.subscribe("registry", (message) => show(message.revision), { onResync: () => refetch().catch(() => {}) });
}
