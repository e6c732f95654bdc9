// Data answered from the read-through cache is marked as possibly stale: a notice says since
// when, and what a page showed stale is forgotten when the user moves to another page.
import { forgetStaleReads, onNavigate, onStaleReads } from "@bazaar/platform";

export function showStaleReads() {
  const notice = document.querySelector("[data-stale-notice]");
  if (!notice) return;
  let reconnected = false; // this page went offline and came back
  const render = ({ count, oldest }) => {
    notice.hidden = count === 0;
    if (!count) return;
    const time = new Date(oldest).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
    if (!navigator.onLine) {
      notice.textContent = `You're offline — showing what was saved at ${time}.`;
      return;
    }
    // Online: what shows is still the saved copy until the page loads it again. Back from
    // offline, say so (not a fault that is over); online all along, a part did not answer.
    notice.textContent = reconnected
      ? `You're back online — this page shows what was saved at ${time}. `
      : `Part of the shop could not be reached — showing what was saved at ${time}. `;
    const refresh = document.createElement("button");
    refresh.type = "button";
    refresh.className = "stale-notice__refresh";
    refresh.textContent = "Show the latest";
    refresh.addEventListener("click", () => window.location.reload());
    notice.append(refresh);
  };
  let last = { count: 0, oldest: null };
  onStaleReads((state) => render((last = state)));
  window.addEventListener("online", () => { reconnected = true; render(last); });
  window.addEventListener("offline", () => render(last));
  let path = window.location.pathname;
  onNavigate((location) => {
    if (location.pathname !== path) forgetStaleReads();
    path = location.pathname;
  });
}
