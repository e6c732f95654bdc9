// Every micro-app of the revision registered with single-spa behind an AppSlot (failure
// containment and a shadow root), active on its routes, with the props the platform gives it.
import { registerApplication } from "single-spa";
import { bus, createBffClient, navigate } from "@bazaar/platform";
import { gateFor, labelOf } from "./access.js";
import { AppSlot } from "./app-slot.js";
import { config, main, user } from "./page.js";
import { routeMatches } from "./routes.js";

export function registerApps() {
  config.apps.forEach(registerApp);
}

function registerApp(app) {
  const host = document.createElement("section");
  host.className = "app-host";
  host.hidden = true;
  main.append(host);
  const slot = new AppSlot({
    name: app.name,
    label: labelOf(app),
    host,
    timeoutMs: config.timeoutMs,
    gate: gateFor(app),
    load: () => import(app.name),
  });
  registerApplication({
    name: app.name,
    app: async () => ({
      bootstrap: async () => {},
      mount: (props) => slot.mount(props),
      unmount: () => slot.unmount(),
      update: (props) => slot.update(props),
    }),
    activeWhen: (location) => app.routes.some((route) => routeMatches(route, location.pathname)),
    customProps: propsFor(app),
  });
}

// What every app and parcel receives from the platform besides its domElement.
export function propsFor(app) {
  return {
    app: { name: app.name, version: app.version, config: app.config, bff: app.bff },
    config: app.config,
    bff: app.bff ? createBffClient(app.bff, { auth: app.auth.required }) : null,
    user,
    bus,
    navigate,
  };
}
