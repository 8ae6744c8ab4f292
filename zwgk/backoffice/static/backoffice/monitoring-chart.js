/* A site's inspection history as charts (vendored Apache ECharts, no CDN). The page's table holds
   the same numbers: each chart container carries role="img" and a label pointing to it. */
(function () {
  "use strict";
  function draw(el) {
    var data = JSON.parse(document.getElementById(el.getAttribute("data-chart")).textContent);
    var chart = echarts.init(el, null, { renderer: "svg" });
    var common = {
      aria: { enabled: false },
      animation: false,
      tooltip: { trigger: "axis" },
      legend: { top: 0 },
      grid: { left: 8, right: 24, top: 36, bottom: 8, containLabel: true },
      xAxis: { type: "category", data: data.dates }
    };
    if (el.getAttribute("data-kind") === "ipv6") {
      common.color = ["#1f3b5a", "#1f6b3a"];
      common.yAxis = { type: "value", min: 0, max: 100, name: "%" };
      common.series = [
        { name: "二级链接", type: "line", data: data.depth2, connectNulls: true,
          markLine: { symbol: "none", silent: true, lineStyle: { type: "dashed", color: "#8a1116" },
                      label: { formatter: "目标 90%" }, data: [{ yAxis: 90 }] } },
        { name: "三级链接", type: "line", data: data.depth3, connectNulls: true }
      ];
    } else {
      common.color = ["#8a1116", "#8a5a00", "#505862"];
      common.yAxis = { type: "value", minInterval: 1 };
      common.series = [
        { name: "错链", type: "bar", data: data.broken, barMaxWidth: 18 },
        { name: "未及时更新栏目", type: "line", data: data.stale },
        { name: "空白栏目", type: "line", data: data.empty }
      ];
    }
    chart.setOption(common);
    window.addEventListener("resize", function () { chart.resize(); });
  }
  function start() {
    if (typeof echarts === "undefined") { return; }
    Array.prototype.forEach.call(document.querySelectorAll(".chart[data-chart]"), draw);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
