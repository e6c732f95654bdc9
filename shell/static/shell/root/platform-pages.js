// The shell's own pages (/outbox, /overrides): loaded on demand, mounted like an app.
import { registerApplication } from "single-spa";
import { main } from "./page.js";

export function registerPlatformPages() {
  registerPlatformPage("@bazaar/outbox-page", "/outbox", () => import("../outbox-page.js"));
  registerPlatformPage("@bazaar/overrides-page", "/overrides", () => import("../overrides-page.js"));
}

function registerPlatformPage(name, path, load) {
  const host = document.createElement("section");
  host.className = "app-host";
  host.hidden = true;
  main.append(host);
  registerApplication({
    name,
    app: async () => {
      const page = await load();
      return {
        bootstrap: page.bootstrap,
        mount: async () => { host.hidden = false; await page.mount({ domElement: host }); },
        unmount: async () => { await page.unmount({ domElement: host }); host.hidden = true; },
      };
    },
    activeWhen: (location) => location.pathname === path,
  });
}
