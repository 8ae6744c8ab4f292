/* Completion by unit as a stacked bar chart (vendored Apache ECharts, no CDN).
   The page's table holds the same numbers, so the chart is decoration for sighted users;
   the chart container carries role="img" and a label pointing to the table. */
(function () {
  "use strict";
  // The table's completion bars: widths set here, since the CSP allows no inline style attribute.
  function fillBars() {
    var bars = document.querySelectorAll(".bar [data-percent]");
    for (var i = 0; i < bars.length; i++) {
      bars[i].style.width = Math.min(100, Math.max(0, Number(bars[i].getAttribute("data-percent")) || 0)) + "%";
    }
  }
  function draw() {
    fillBars();
    var el = document.getElementById("workplan-chart");
    if (!el || typeof echarts === "undefined") { return; }
    var data = JSON.parse(document.getElementById(el.getAttribute("data-chart")).textContent);
    el.style.height = Math.max(360, data.units.length * 22 + 80) + "px";
    var chart = echarts.init(el, null, { renderer: "svg" });
    var colors = ["#1f6b3a", "#2f5f8f", "#9aa3ad"];
    chart.setOption({
      aria: { enabled: false },  // the container's label and the table describe it
      animation: false,
      color: colors,
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
      legend: { top: 0 },
      grid: { left: 8, right: 24, top: 32, bottom: 8, containLabel: true },
      xAxis: { type: "value", minInterval: 1, name: "任务数" },
      yAxis: { type: "category", data: data.units, inverse: true, axisLabel: { interval: 0 } },
      series: data.series.map(function (s) {
        return { name: s.name, type: "bar", stack: "total", data: s.data, barMaxWidth: 16 };
      })
    });
    window.addEventListener("resize", function () { chart.resize(); });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
