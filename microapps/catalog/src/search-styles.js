// The header search box's stylesheet, adopted into its own shadow root (the parcel loads
// without the catalog's main stylesheet). It fills the width the shell gives the slot.
export const headerSearchCss = `
:host { display: block; }
.sr-only { position: absolute; width: 1px; height: 1px; padding: 0; margin: -1px; overflow: hidden;
  clip: rect(0 0 0 0); white-space: nowrap; border: 0; }
.hsearch { position: relative; display: flex; align-items: center; width: 100%;
  font-family: var(--bz-font); }
.hsearch__input { box-sizing: border-box; width: 100%; height: 2.5rem; margin: 0; padding: 0 2.9rem 0 1.1rem;
  font: inherit; font-size: .95rem; color: var(--bz-ink); background: var(--bz-bg);
  border: 1px solid var(--bz-line); border-radius: 999px; appearance: none;
  transition: border-color .15s, box-shadow .15s, background-color .15s; }
.hsearch__input::placeholder { color: var(--bz-muted); }
.hsearch__input:hover { border-color: color-mix(in srgb, var(--bz-line) 50%, var(--bz-muted)); }
.hsearch__input:focus { outline: none; background: var(--bz-surface); border-color: var(--bz-accent);
  box-shadow: 0 0 0 3px var(--bz-accent-soft); }
.hsearch__input::-webkit-search-cancel-button { display: none; }
.hsearch__submit { position: absolute; right: .25rem; display: grid; place-items: center; width: 2rem; height: 2rem;
  padding: 0; border: 0; border-radius: 50%; background: var(--bz-accent); color: var(--bz-accent-ink);
  cursor: pointer; transition: background-color .15s; }
.hsearch__submit:hover { background: color-mix(in srgb, var(--bz-accent) 85%, black); }
.hsearch__submit:focus-visible { outline: 3px solid var(--bz-accent); outline-offset: 2px; }
.hsearch__submit svg { width: 1rem; height: 1rem; }
@media (prefers-reduced-motion: reduce) { .hsearch * { transition: none !important; } }
`;
