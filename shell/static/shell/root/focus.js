// After a client-side move to another page, focus goes to the main region (as after a page
// load), the page starts at its top (a link followed from the bottom of a long page does not
// open the next one half way down; back and forward keep the browser's own restoring), and the
// new page's title is announced; a change of query only (a filter, a sort) or one made while
// typing in a form field leaves focus and scroll where they are.
import { main } from "./page.js";

const ANNOUNCE_AFTER_MS = 400; // apps set their title once their data is in

export function followNavigationWithFocus() {
  const announcer = document.querySelector("[data-route-announcer]");
  let path = window.location.pathname;
  let timer = null;
  window.addEventListener("single-spa:routing-event", (event) => {
    const location = window.location;
    if (location.pathname === path) return;
    path = location.pathname;
    // single-spa marks the moves it made itself (navigateToUrl, links): not back or forward.
    if (event.detail?.originalEvent?.singleSpaTrigger === "pushState") window.scrollTo(0, 0);
    let active = document.activeElement;
    while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement; // apps live in shadow roots
    const typing = active && active.matches("input, textarea, select, [contenteditable]");
    if (!typing) main.focus({ preventScroll: true });
    clearTimeout(timer);
    timer = setTimeout(() => {
      const heading = main.querySelector("h1")?.textContent?.trim();
      announcer.textContent = document.title || heading || "";
    }, ANNOUNCE_AFTER_MS);
  });
}
