// The phone header's menu: the button opens the nav and the account below the header (a
// disclosure: aria-expanded on the button). It closes on Escape (focus back on the button), on
// a click outside it, and when the page moves to another route.
export function keepSiteMenu() {
  const header = document.querySelector("[data-site-header]");
  const toggle = header?.querySelector("[data-menu-toggle]");
  const menu = header?.querySelector("[data-site-menu]");
  if (!toggle || !menu) return;
  const setOpen = (open) => {
    toggle.setAttribute("aria-expanded", String(open));
    header.toggleAttribute("data-menu-open", open);
  };
  toggle.addEventListener("click", () => setOpen(toggle.getAttribute("aria-expanded") !== "true"));
  header.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && header.hasAttribute("data-menu-open")) {
      setOpen(false);
      toggle.focus();
    }
  });
  document.addEventListener("click", (event) => {
    if (header.hasAttribute("data-menu-open") && !header.contains(event.target)) setOpen(false);
  });
  window.addEventListener("single-spa:routing-event", () => setOpen(false));
}
