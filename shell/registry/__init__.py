"""The registry wing: micro-apps, their immutable releases and revisions of the whole set;
a release's validation (bundles), the registry commands (services), what a revision serves
(selectors), its HTTP APIs (api, imd_api) and where versions are published (release_storage)."""
