/* Monthly trend and agency comparison (vendored ECharts). The tables on the page hold the
   same numbers, so the charts carry role="img" with a label pointing to them. */
(function () {
  "use strict";
  function draw() {
    if (typeof echarts === "undefined") { return; }
    var data = JSON.parse(document.getElementById("supervision-chart-data").textContent);
    var trend = echarts.init(document.getElementById("trend-chart"), null, { renderer: "svg" });
    trend.setOption({
      aria: { enabled: false }, animation: false, color: ["#2f5f8f", "#1f6b3a"],
      tooltip: { trigger: "axis" }, legend: { top: 0 },
      grid: { left: 8, right: 16, top: 32, bottom: 8, containLabel: true },
      xAxis: { type: "category", data: data.months },
      yAxis: { type: "value", minInterval: 1 },
      series: [
        { name: "新收", type: "line", data: data.received },
        { name: "办结", type: "line", data: data.closed }
      ]
    });
    var agencies = echarts.init(document.getElementById("agency-chart"), null, { renderer: "svg" });
    agencies.setOption({
      aria: { enabled: false }, animation: false, color: ["#2f5f8f", "#a8151b"],
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" } }, legend: { top: 0 },
      grid: { left: 8, right: 16, top: 32, bottom: 8, containLabel: true },
      xAxis: { type: "category", data: data.agencies, axisLabel: { interval: 0, rotate: 40 } },
      yAxis: { type: "value", minInterval: 1 },
      series: [
        { name: "新收", type: "bar", data: data.agency_received },
        { name: "超期", type: "bar", data: data.agency_overdue }
      ]
    });
    window.addEventListener("resize", function () { trend.resize(); agencies.resize(); });
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", draw); } else { draw(); }
})();
