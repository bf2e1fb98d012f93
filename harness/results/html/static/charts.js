// Draws the report's charts with uPlot (inlined before this script): one chart per spec in
// <script id="perf-data">, bars of the median per (CRIU version, kernel) and per step, and a whisker
// from min to max where there were repeats.
(function () {
  var data = document.getElementById("perf-data");
  if (!data || typeof uPlot === "undefined") return;
  var specs = JSON.parse(data.textContent);
  var COLORS = ["#1565c0", "#ef6c00", "#2e7d32", "#8e24aa"];
  var SIZE = 0.35; // the share of a category's width one bar takes
  var MAX_PX = 60; // and at most this wide

  /** Side by side: one series centred, two on either side of the category (more overlap). */
  function alignOf(si, n) {
    return n === 2 ? (si === 0 ? -1 : 1) : 0;
  }

  function whiskers(spec) {
    return function (u) {
      var ctx = u.ctx, n = spec.series.length;
      var step = spec.categories.length > 1 ? u.valToPos(1, "x", true) - u.valToPos(0, "x", true) : u.bbox.width;
      var w = Math.min(step * SIZE, MAX_PX * devicePixelRatio);
      ctx.save();
      ctx.lineWidth = Math.max(1, devicePixelRatio);
      ctx.strokeStyle = "#222";
      spec.series.forEach(function (s, si) {
        s.min.forEach(function (lo, i) {
          var hi = s.max[i];
          if (lo === null || hi === null || lo === hi) return;
          var x = u.valToPos(i, "x", true) + (alignOf(si, n) * w) / 2;
          var y0 = u.valToPos(lo, "y", true), y1 = u.valToPos(hi, "y", true);
          ctx.beginPath();
          ctx.moveTo(x, y0); ctx.lineTo(x, y1);
          ctx.moveTo(x - w / 4, y0); ctx.lineTo(x + w / 4, y0);
          ctx.moveTo(x - w / 4, y1); ctx.lineTo(x + w / 4, y1);
          ctx.stroke();
        });
      });
      ctx.restore();
    };
  }

  specs.forEach(function (spec) {
    var el = document.querySelector('[data-chart="' + spec.id + '"]');
    if (!el) return;
    var n = spec.series.length;
    var xs = spec.categories.map(function (_, i) { return i; });
    var top = 0;
    spec.series.forEach(function (s) { s.max.concat(s.median).forEach(function (v) { if (v !== null && v > top) top = v; }); });
    var opts = {
      width: 290,
      height: 200,
      legend: { show: n > 1, live: false },
      cursor: { show: false },
      scales: { x: { time: false, range: [-0.5, spec.categories.length - 0.5] }, y: { range: [0, top > 0 ? top * 1.1 : 1] } },
      axes: [
        { splits: function () { return xs; }, values: function () { return spec.categories; }, grid: { show: false }, size: 40 },
        { label: spec.unit, size: 56, values: function (u, ticks) { return ticks.map(function (t) { return t >= 1000 ? (t / 1000) + "k" : String(+t.toFixed(2)); }); } },
      ],
      series: [{}].concat(spec.series.map(function (s, si) {
        var color = COLORS[si % COLORS.length];
        return {
          label: s.label,
          stroke: color,
          fill: color + "cc",
          width: 1,
          points: { show: false },
          paths: uPlot.paths.bars({ size: [SIZE, MAX_PX], align: alignOf(si, n) }),
        };
      })),
      hooks: { draw: [whiskers(spec)] },
    };
    new uPlot(opts, [xs].concat(spec.series.map(function (s) { return s.median; })), el);
  });
})();
