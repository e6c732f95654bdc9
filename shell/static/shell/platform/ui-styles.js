// The look of the shared UI (ui.js): the loading, error and empty states every micro-app shows.
// lifecycles() adopts it into each app's shadow root before the app's own stylesheet, so an app
// may restyle a state but never has to copy it. Colours, font and radius are the shell's
// --bz-* design tokens; class names start with bz-ui- so they meet no app's own.
export const uiCss = `
.bz-ui-loading { display: flex; align-items: center; gap: .75rem; padding: 2rem 0; color: var(--bz-muted); }
.bz-ui-loading--compact { padding: .5rem 0; gap: .5rem; }
.bz-ui-spinner { box-sizing: border-box; flex: none; width: 18px; height: 18px; border-radius: 50%;
  border: 3px solid var(--bz-line); border-top-color: var(--bz-accent); animation: bz-ui-spin .8s linear infinite; }
.bz-ui-loading--compact .bz-ui-spinner { width: 14px; height: 14px; border-width: 2px; }
@keyframes bz-ui-spin { to { transform: rotate(360deg); } }

.bz-ui-state { box-sizing: border-box; text-align: center; max-width: 34rem; margin: 2rem auto; padding: 2.5rem 2rem;
  background: var(--bz-surface); border: 1px solid var(--bz-line); border-radius: var(--bz-radius); }
.bz-ui-state--page { margin-top: 3rem; }
.bz-ui-state h1, .bz-ui-state h2 { font-size: 1.35rem; margin: 0 0 .4rem; letter-spacing: -.01em; }
.bz-ui-state--page h1 { font-size: 1.7rem; }
.bz-ui-state p { color: var(--bz-muted); margin: 0 0 1.25rem; }
.bz-ui-state > :last-child { margin-bottom: 0; }
.bz-ui-state__icon { display: grid; place-items: center; width: 3.5rem; height: 3.5rem; margin: 0 auto 1rem; border-radius: 50%;
  font-weight: 800; font-size: 1.3rem; color: var(--bz-danger); background: color-mix(in srgb, var(--bz-danger) 10%, var(--bz-surface)); }
.bz-ui-state__icon--soft { color: var(--bz-accent); background: var(--bz-accent-soft); }
.bz-ui-state__icon--long { font-size: 1.05rem; }
.bz-ui-state__icon svg { width: 1.7rem; height: 1.7rem; fill: none; stroke: currentColor; stroke-width: 1.8;
  stroke-linecap: round; stroke-linejoin: round; }

/* Compact: inside a section of a page (a parcel, a panel), not the whole page. */
.bz-ui-state--compact { display: grid; gap: .35rem; justify-items: start; text-align: left; max-width: none; margin: 0;
  padding: 1rem 1.25rem; border-style: dashed; color: var(--bz-muted); }
.bz-ui-state--compact p { margin: 0; }
.bz-ui-state--compact.bz-ui-state--error { border-style: solid; border-color: var(--bz-danger); color: var(--bz-ink); }
.bz-ui-state--compact.bz-ui-state--error p { color: inherit; }

.bz-ui-button { display: inline-flex; align-items: center; justify-content: center; gap: .5rem; font: inherit; font-weight: 600;
  font-size: .95rem; line-height: 1.2; padding: .7rem 1.2rem; border-radius: 999px; border: 1px solid transparent;
  text-decoration: none; cursor: pointer; white-space: nowrap; transition: background-color .15s;
  background: var(--bz-accent); color: var(--bz-accent-ink); }
.bz-ui-button:hover { background: color-mix(in srgb, var(--bz-accent) 85%, black); }
.bz-ui-button:focus-visible { outline: 3px solid var(--bz-accent); outline-offset: 2px; }
.bz-ui-state--compact .bz-ui-button { padding: .55rem 1.2rem; }
.bz-ui-button--quiet { background: transparent; color: var(--bz-ink); border-color: var(--bz-line); }
.bz-ui-button--quiet:hover { background: var(--bz-accent-soft); }

@media (prefers-reduced-motion: reduce) { .bz-ui-spinner { animation: none; } .bz-ui-button { transition: none; } }
`;
