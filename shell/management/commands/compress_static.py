from django.core.management import BaseCommand

from shell.page.static_files import compress, shell_and_vendor_files


class Command(BaseCommand):
    help = (
        "Write brotli and gzip copies of the shell's assets and the served npm packages "
        "(published micro-app versions get theirs as they are published)."
    )

    def handle(self, *args, **options):
        written = compress(shell_and_vendor_files())
        self.stdout.write(f"compressed copies written: {written}")
