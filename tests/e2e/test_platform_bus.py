"""The platform's bus as micro-apps use it in a real page: a subscriber that asks for it gets
the signal's last detail published before it subscribed (apps mount at different times), and a
detail that does not fit the signal's schema is refused at the publisher."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

LATE_SUBSCRIBERS = """async () => {
  const { bus, signals } = await import("@bazaar/platform");
  const viewed = { productId: "oak-bowl", name: "Oak Bowl" };
  bus.publish(signals.PRODUCT_VIEWED, viewed);
  const replayed = [], plain = [];
  const stopReplayed = bus.subscribe(signals.PRODUCT_VIEWED, (d) => replayed.push(d.productId), { replay: true });
  const stopPlain = bus.subscribe(signals.PRODUCT_VIEWED, (d) => plain.push(d.productId));
  const gone = bus.subscribe(signals.PRODUCT_VIEWED, () => plain.push("unsubscribed"), { replay: true });
  gone();  // unsubscribed before the replay was due: nothing reaches it
  await new Promise((resolve) => setTimeout(resolve));
  bus.publish(signals.PRODUCT_VIEWED, { productId: "tin-cup", name: "Tin Cup" });
  stopReplayed(); stopPlain();
  let refused = null;
  try { bus.publish(signals.ORDER_PLACED, { orderId: "o-1", queued: "yes" }); } catch (e) { refused = e.message; }
  bus.publish(signals.ORDER_PLACED, { orderId: "o-2", queued: true });
  return { replayed, plain, refused };
}"""


def test_a_late_subscriber_can_ask_for_the_last_detail(bazaar, page):
    page.goto(bazaar.url + "/outbox")  # a page no product was viewed on
    page.wait_for_function("() => document.documentElement.dataset.shell === 'ready'")
    result = page.evaluate(LATE_SUBSCRIBERS)
    assert result["replayed"] == ["oak-bowl", "tin-cup"]
    assert result["plain"] == ["tin-cup"]
    assert 'field "queued" must be true or false' in result["refused"]
