"""The distributed mode on one machine: every unit of the shop as a process of its own
(``stack.units``), started and stopped by ``stack.supervisor``, from ``python -m stack``."""
