// The root config: the shell page's one script. It registers every micro-app of the revision
// rendered into the page with single-spa, mounts the parcels of the mount points, and sets up
// the page around them. Each job is a module of root/; this file only puts them together, in
// the order they must start.
import { start } from "single-spa";
import { interceptLinks } from "@bazaar/platform";
import { showAccountChange } from "./root/account-change.js";
import { offerDeveloperView } from "./root/developer-view.js";
import { registerApps } from "./root/apps.js";
import { followNavigationWithFocus } from "./root/focus.js";
import { keepHeaderLinksCurrent } from "./root/header-links.js";
import { scopeLightDomStyles } from "./root/light-styles.js";
import { showLiveStatus } from "./root/live-status.js";
import { defineMountPointElement, mountParcels } from "./root/mount-points.js";
import { offerReloadOnNewRevision } from "./root/new-version.js";
import { keepOverridesInStep } from "./root/override-cookies.js";
import { showNotFoundWhenUnowned } from "./root/not-found.js";
import { showOutboxStatus } from "./root/outbox-status.js";
import { keepSiteMenu } from "./root/site-menu.js";
import { registerPlatformPages } from "./root/platform-pages.js";
import { registerServiceWorker, saveThisPageForOffline } from "./root/service-worker.js";
import { firstViewShown } from "./root/first-view.js";
import { reportWebVitals, startRum } from "./root/rum.js";
import { config } from "./root/page.js";
import { confirmSignOut } from "./root/sign-out.js";
import { showStaleReads } from "./root/stale-reads.js";

if (config.rum) {
  startRum();
  firstViewShown.then(reportWebVitals).catch(() => {});
}
registerServiceWorker();
offerDeveloperView();
keepOverridesInStep();
scopeLightDomStyles();
registerApps();
registerPlatformPages();
saveThisPageForOffline().catch(() => {});
showOutboxStatus();
showAccountChange();
confirmSignOut();
showStaleReads();
followNavigationWithFocus();
showLiveStatus();
offerReloadOnNewRevision();
interceptLinks(document);
showNotFoundWhenUnowned();
keepHeaderLinksCurrent();
keepSiteMenu();
mountParcels();
defineMountPointElement();
start({ urlRerouteOnly: true });
document.documentElement.dataset.shell = "ready";
