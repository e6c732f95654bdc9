from django.core.management import BaseCommand, CommandError

from eventhub.hub import get_hub


class Command(BaseCommand):
    help = "List open faults, or resubmit one (or --all) to its consumer group."

    def add_arguments(self, parser):
        parser.add_argument("fault_ids", nargs="*")
        parser.add_argument("--all", action="store_true", help="resubmit every open fault")

    def handle(self, *args, fault_ids: list[str], all: bool, **options):
        hub = get_hub()
        faults = hub.faults()
        if all:
            fault_ids = [str(f.id) for f in faults]
        if not fault_ids:
            if not faults:
                self.stdout.write("no open faults")
            for fault in faults:
                self.stdout.write(
                    f"fault {fault.id}: {fault.group} gave up on {fault.type} {fault.event_id}"
                    f" after {fault.attempts} attempts: {fault.error}"
                )
            return
        for fault_id in fault_ids:
            try:
                fault = hub.resubmit(fault_id)
            except (KeyError, ValueError) as error:
                raise CommandError(str(error).strip("'\"")) from error
            self.stdout.write(f"resubmitted fault {fault.id} ({fault.type}) to {fault.group}")
