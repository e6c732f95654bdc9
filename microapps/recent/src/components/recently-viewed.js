// <RecentlyViewed>: the list, or a line saying what will show up here. Vue's render function
// (the runtime build has no template compiler, and the shop's CSP allows no eval): text goes in
// as text, so product names never become markup.
import { defineComponent, h } from "vue";
import { useRecentList } from "../hooks/use-recent-list.js";

const money = new Intl.NumberFormat("en-US", { style: "currency", currency: "USD" });

function Item({ item }) {
  return h("li", [
    h(
      "a",
      {
        class: "bz-recent__link",
        href: `/catalog/p/${encodeURIComponent(item.productId)}`,
        "data-testid": "recently-viewed-item",
      },
      [
        h("img", { class: "bz-recent__image", alt: "", loading: "lazy", width: 36, height: 36, src: item.imageUrl || undefined }),
        h("span", { class: "bz-recent__name" }, item.name),
        h("span", { class: "bz-recent__price" }, item.priceCents == null ? "" : money.format(item.priceCents / 100)),
      ],
    ),
  ]);
}

export const RecentlyViewed = defineComponent({
  name: "RecentlyViewed",
  props: { bus: { type: Object, required: true }, user: Object, limit: { type: Number, default: 4 } },
  setup(props) {
    const items = useRecentList(props);
    return () =>
      h("section", { class: "bz-recent", "aria-labelledby": "bz-recent-title" }, [
        h("h2", { class: "bz-recent__title", id: "bz-recent-title" }, "Recently viewed"),
        items.value.length
          ? h("ol", { class: "bz-recent__list", "data-testid": "recently-viewed" }, items.value.map((item) => h(Item, { item, key: item.productId })))
          : h("p", { class: "bz-recent__empty" }, "Products you open show up here."),
      ]);
  },
});
