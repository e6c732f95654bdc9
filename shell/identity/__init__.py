"""The identity wing: the shell as OpenID Connect relying party (sign-in, silent renewal,
sign-out, the page's short-lived access token at ``/oidc/token/``)."""
