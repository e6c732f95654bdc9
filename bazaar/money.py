"""Money is integer cents everywhere; this is how the shop shows it."""


def display(cents: int, currency: str = "USD") -> str:
    sign = "-" if cents < 0 else ""
    cents = abs(cents)
    symbol = {"USD": "$"}.get(currency, currency + " ")
    return f"{sign}{symbol}{cents // 100:,}.{cents % 100:02d}"
