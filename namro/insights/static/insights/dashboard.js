/* Charts of the unit dashboard (Chart.js, served from this app's static files). */
(function () {
  "use strict";
  var node = document.getElementById("insights-data");
  if (!node || !window.Chart) { return; }
  var data = JSON.parse(node.textContent);
  var colours = {
    in_progress: "#2f6fb3", overdue: "#c0392b", done_on_time: "#1e8449",
    done_late: "#d68910", ongoing: "#7d3c98", cancelled: "#95a5a6"
  };
  Chart.defaults.font.family = "system-ui, 'Segoe UI', Roboto, 'Noto Sans', sans-serif";
  // Counts are whole numbers: no 0.5 on an axis.
  var counts = { beginAtZero: true, ticks: { precision: 0 } };
  // Every unit named (no label skipped); on a phone a long name is cut to fit beside its bar,
  // whole in the tooltip and in the table below the chart.
  var narrow = window.matchMedia("(max-width: 600px)").matches;
  var names = { autoSkip: false, callback: function (value) {
    var label = this.getLabelForValue(value);
    return narrow && label.length > 20 ? label.slice(0, 19) + "…" : label;
  } };
  // A printed dashboard carries the numbers behind each chart.
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("details.chart-numbers").forEach(function (d) { d.open = true; });
  });

  var children = document.getElementById("chart-children");
  if (children && data.children.length) {
    new Chart(children, {
      type: "bar",
      data: {
        labels: data.children.map(function (c) { return c.name; }),
        datasets: data.statuses.map(function (s, i) {
          return { label: data.labels[i], backgroundColor: colours[s],
                   data: data.children.map(function (c) { return c.counts[i]; }) };
        })
      },
      // Horizontal bars, the worst unit first (the order the page gives): unit names read
      // on one line at any width.
      options: {
        indexAxis: "y", maintainAspectRatio: false, responsive: true,
        scales: {
          x: Object.assign({ stacked: true }, counts),
          y: { stacked: true, ticks: names }
        },
        plugins: { legend: { position: "bottom" } }
      }
    });
  }

  var trend = document.getElementById("chart-trend");
  if (trend) {
    var series = ["overdue", "done_on_time", "done_late"];
    new Chart(trend, {
      type: "line",
      data: {
        labels: data.months,
        datasets: series.map(function (s) {
          // Straight segments: a curve between two counts could dip below zero.
          return { label: data.text[s], borderColor: colours[s], backgroundColor: colours[s],
                   tension: 0, data: data.trend.map(function (m) { return m[s]; }) };
        })
      },
      options: { maintainAspectRatio: false, responsive: true, scales: { y: counts },
                 plugins: { legend: { position: "bottom" } } }
    });
  }

  var heat = document.getElementById("chart-heatmap");
  if (heat && data.heatmap.length) {
    var cells = [], max = 1;
    data.heatmap.forEach(function (row) {
      row.overdue.forEach(function (v, j) {
        cells.push({ x: data.months[j], y: row.name, v: v });
        if (v > max) { max = v; }
      });
    });
    new Chart(heat, {
      type: "matrix",
      data: { datasets: [{
        label: data.text.overdue, data: cells,
        backgroundColor: function (ctx) {
          var v = ctx.raw ? ctx.raw.v : 0;
          return "rgba(192, 57, 43, " + (0.08 + 0.92 * v / max).toFixed(2) + ")";
        },
        width: function (ctx) { var a = ctx.chart.chartArea; return a ? a.width / data.months.length - 2 : 10; },
        height: function (ctx) { var a = ctx.chart.chartArea; return a ? a.height / data.heatmap.length - 2 : 10; }
      }] },
      options: {
        maintainAspectRatio: false, responsive: true,
        plugins: { legend: { display: false }, tooltip: { callbacks: {
          title: function (items) { return items[0].raw.y + " — " + items[0].raw.x; },
          label: function (item) { return data.text.overdue + ": " + item.raw.v; }
        } } },
        scales: {
          x: { type: "category", labels: data.months, grid: { display: false } },
          // The first row (the most overdue unit) at the top, as in the table (the matrix
          // plugin's default draws it at the bottom).
          y: { type: "category", labels: data.heatmap.map(function (r) { return r.name; }),
               offset: true, reverse: false, grid: { display: false }, ticks: names }
        }
      }
    });
  }
})();
