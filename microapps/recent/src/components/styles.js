// The app's stylesheet. In the light DOM the shell scopes it to the app (it cannot restyle the
// page); its look comes from the shell's design tokens, which custom properties carry in.
export const STYLES = `
  .bz-recent .bz-recent__title { font: 600 .8rem/1.4 var(--bz-font, system-ui, sans-serif); text-transform: uppercase;
    letter-spacing: .06em; margin: 0 0 .5rem; opacity: .75; color: inherit; }
  .bz-recent .bz-recent__list { list-style: none; margin: 0; padding: 0; display: grid; gap: .4rem; }
  .bz-recent .bz-recent__link { display: grid; grid-template-columns: 36px 1fr auto; gap: .6rem; align-items: center;
    color: inherit; text-decoration: none; border-radius: calc(var(--bz-radius, 14px) / 2); padding: .2rem; }
  .bz-recent .bz-recent__link:hover, .bz-recent .bz-recent__link:focus-visible { background: rgb(255 255 255 / .08); }
  .bz-recent .bz-recent__image { width: 36px; height: 36px; border-radius: 8px; background: var(--bz-surface, #fff); object-fit: cover; }
  .bz-recent .bz-recent__name { font-size: .85rem; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
  .bz-recent .bz-recent__price { font-size: .8rem; font-weight: 600; color: var(--bz-accent-soft, #99f6e4); }
  .bz-recent .bz-recent__empty { font-size: .85rem; margin: 0; opacity: .75; }
`;
