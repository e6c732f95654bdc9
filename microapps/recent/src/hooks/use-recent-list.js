// The list as a Vue composable: the items to show, kept in step with the catalog (over the
// bus) and with other tabs (the storage event) while the component is mounted.
import { onBeforeUnmount, shallowRef } from "vue";
import { signals } from "@bazaar/platform";
import { UNOWNED_KEY, recentList } from "../recent-list.js";

export function useRecentList({ bus, user, limit }) {
  window.localStorage.removeItem(UNOWNED_KEY); // whose it was is unknown: shown to nobody
  const list = recentList(window.localStorage, { limit, owner: user?.id || "" });
  const items = shallowRef(list.items());
  // With replay: the footer mounts after the page's first view, which may have published it.
  const unsubscribe = bus.subscribe(
    signals.PRODUCT_VIEWED,
    (product) => {
      items.value = list.remember(product);
    },
    { replay: true },
  );
  // Another tab viewed something: show it here too.
  const onStorage = (event) => {
    if (event.key === list.key) items.value = list.items();
  };
  window.addEventListener("storage", onStorage);
  onBeforeUnmount(() => {
    unsubscribe();
    window.removeEventListener("storage", onStorage);
  });
  return items;
}
