// Dashboard: draw each chart from the options the server computed (jixiao.analysis.charts).
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  const source = document.getElementById("dashboard-data");
  if (!source || typeof echarts === "undefined") return;
  const options = JSON.parse(source.textContent);
  const drawn = [];
  document.querySelectorAll("[data-chart]").forEach((el) => {
    const option = options[el.dataset.chart];
    if (!option) return;
    const chart = echarts.init(el, null, { renderer: "canvas" });
    chart.setOption(option);
    el.dataset.ready = "1";
    drawn.push(chart);
  });
  window.addEventListener("resize", () => drawn.forEach((c) => c.resize()));
});
