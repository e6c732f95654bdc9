from django.apps import AppConfig


class ShellConfig(AppConfig):
    name = "shell"
    verbose_name = "Bazaar shell and micro-app registry"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_out

        from shell.live import signout

        # Signing out closes that session's live sockets and long polls (shell/live/signout.py).
        user_logged_out.connect(signout.on_user_logged_out, dispatch_uid="bazaar-live-signout")
