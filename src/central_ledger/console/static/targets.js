// The targets page's chart: cumulative actual, the target line and the projection (series built server-side).
(function () {
  var data = JSON.parse(document.getElementById("chart-data").textContent || "null");
  var el = document.getElementById("chart");
  if (!data || !el || typeof echarts === "undefined") { return; }
  var chart = echarts.init(el, null, { renderer: "svg" });
  chart.setOption({
    animation: false,
    tooltip: { trigger: "axis" },
    legend: { top: 8, type: "scroll" },
    grid: { left: 70, right: 30, top: 60, bottom: 40 },
    xAxis: { type: "time", min: data.min, max: data.max },
    yAxis: { type: "value", min: 0 },
    series: data.series
  });
  window.addEventListener("resize", function () { chart.resize(); });
  el.setAttribute("data-rendered", "1");
})();
