"""Chinese names of the veto items and deduction items (国办秘函〔2019〕19号), for pages and mail."""

from __future__ import annotations

from zwgk.monitoring.checks import Item, Veto

VETO_LABELS: dict[str, str] = {
    Veto.UNREACHABLE: "网站无法访问（一周内探测失败率 ≥ 5%）",
    Veto.HOME_STALE: "首页栏目超过 2 周未更新",
    Veto.COLUMNS_STALE: "动态、通知公告、政策文件类栏目未及时更新累计 ≥ 5 个",
    Veto.COLUMNS_LONG_STALE: "长期未更新栏目 ≥ 10 个",
    Veto.COLUMNS_EMPTY: "空白栏目 ≥ 5 个",
    Veto.POOR_INTERACTION: "互动回应差",
    Veto.SECURITY_INCIDENT: "安全、泄密事故",
    Veto.FAKED_DATES: "发布日期造假",
    Veto.SERVICE_GUIDE_INCOMPLETE: "办事指南要素缺失",
}

ITEM_LABELS: dict[str, str] = {
    Item.BROKEN_LINK_HOME: "首页错链",
    Item.BROKEN_LINK: "其他页面错链",
    Item.STALE_COLUMN: "栏目未及时更新",
    Item.EMPTY_COLUMN: "空白栏目",
    Item.NO_SEARCH: "无站内搜索",
    Item.NO_IPV6: "IPv6 未达标",
    Item.HIDDEN_LINK: "暗链",
    Item.HIJACKED_LINK: "外链失效或被劫持",
}
