// Every micro-app of the revision registered with single-spa, its loading function an AppSlot's
// (failure containment, a shadow root or the light DOM), active on its routes, with the props
// the platform gives it. single-spa loads, bootstraps, mounts and unmounts it, so its statuses
// and events (getAppStatus, single-spa:app-change, single-spa-inspector) are the truth.
import {
  LOAD_ERROR, addErrorHandler, getAppStatus, registerApplication, triggerAppChange, unregisterApplication,
} from "single-spa";
import { bus, createBffClient, navigate } from "@bazaar/platform";
import { gateFor, labelOf } from "./access.js";
import { AppSlot } from "./app-slot.js";
import { config, main, user } from "./page.js";
import { routeMatches } from "./routes.js";
import { rumFor } from "./rum.js";

const slots = new Map();

export function registerApps() {
  // The slot has shown the failure; single-spa hands it here too (without a handler it would
  // throw it again, uncaught).
  addErrorHandler((error) => console.warn(`[bazaar] single-spa: ${error.appOrParcelName} is ${getAppStatus(error.appOrParcelName) || "broken"}`));
  config.apps.forEach(registerApp);
  window.addEventListener("single-spa:routing-event", () => {
    for (const { slot, isActive } of slots.values()) slot.follow(isActive(window.location));
  });
}

function registerApp(app) {
  const host = document.createElement("section");
  host.className = "app-host";
  host.hidden = true;
  main.append(host);
  const isActive = (location) => app.routes.some((route) => routeMatches(route, location.pathname));
  const registration = {
    name: app.name,
    app: () => slot.load(),
    activeWhen: isActive,
    customProps: propsFor(app),
  };
  const slot = new AppSlot({
    name: app.name,
    label: labelOf(app),
    host,
    timeoutMs: config.timeoutMs,
    gate: gateFor(app),
    isolation: app.isolation,
    title: `${labelOf(app)} · Bazaar`,
    load: () => import(app.name),
    onRetry: () => reload(registration),
    rum: rumFor(app.name),
  });
  slots.set(app.name, { slot, isActive });
  registerApplication(registration);
}

// Load an app again. One whose module did not load (LOAD_ERROR) single-spa loads again on the
// next route change (200 ms after the failure at the earliest); one that broke
// (SKIP_BECAUSE_BROKEN) single-spa never touches again, so it is registered anew.
async function reload(registration) {
  if (getAppStatus(registration.name) === LOAD_ERROR) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    await triggerAppChange();
  } else {
    await unregisterApplication(registration.name);
    registerApplication(registration);
  }
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
