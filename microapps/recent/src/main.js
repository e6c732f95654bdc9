// Recently viewed: the products this shopper opened, newest first, kept on this device and
// shown in the footer. Written as a Vue team writes a single-spa app: Vue 3 through
// single-spa-vue, its official helper, both imported from the import map as shared libraries
// (the manifest's `shared` ranges), so every app on the page that uses them loads one copy.
// single-spa-vue finds its container with document.querySelector, so the app renders in the
// light DOM ("isolation": "none"); its stylesheet goes to <head> as a bundler's style loader
// puts it, and the shell scopes it to the app. It shares the bus with the others (it follows
// the catalog's "product:viewed") and the shell's design tokens (--bz-* custom properties).
import { createApp, h } from "vue";
import singleSpaVue from "single-spa-vue";
import { RecentlyViewed } from "./components/recently-viewed.js";
import { STYLES } from "./components/styles.js";

const vue = singleSpaVue({
  createApp,
  appOptions: {
    // single-spa-vue hands the lifecycle props (bus, user, config…) to the root as data.
    render() {
      return h(RecentlyViewed, { bus: this.bus, user: this.user, limit: this.config?.limit || 4 });
    },
  },
});

const style = document.createElement("style");
style.textContent = STYLES;

export const bootstrap = vue.bootstrap;
export const mount = [async () => document.head.append(style), vue.mount];
export const unmount = [vue.unmount, async () => style.remove()];
