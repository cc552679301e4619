/* Wijkbeeld map: Leaflet (vendored, static/areas/vendor/leaflet) on a canvas renderer, fed with
 * GeoJSON from /api/v1/areas/<code>/map at the detail of the current zoom.
 *
 * Everything comes from data-attributes on [data-area-map] and, for the colours, a json_script
 * block (the CSP allows no inline script): data-geojson-url, data-area-url (with CODE where the
 * area code goes), data-values (id of the {code: {text, colour}} block), data-focus (area page:
 * the area drawn dark among grey neighbours), data-label-zoom, data-background-url and
 * data-background-attribution (optional tile layer).
 *
 * Keyboard: the map takes focus (Tab), arrows pan, + and - zoom (Leaflet). The table beside the
 * map is the accessible path to every area; focusing or hovering one of its links
 * ([data-map-code]) highlights that area on the map.
 */
(function () {
  "use strict";

  var MIN_DETAIL = 8;
  var MAX_DETAIL = 16;
  var MAX_LABELS = 250;
  var NO_DATA = "#d9d9d9";
  var WATER = "#b9d7ea";
  var FOCUS = "#154273";

  function element(tag, className, text) {
    var el = document.createElement(tag);
    if (className) el.className = className;
    if (text !== undefined) el.textContent = text;
    return el;
  }

  function escapeHtml(text) {
    var div = document.createElement("div");
    div.textContent = text;
    return div.innerHTML;
  }

  function readJson(id) {
    var el = id ? document.getElementById(id) : null;
    return el ? JSON.parse(el.textContent) : null;
  }

  function detailFor(zoom) {
    return Math.max(MIN_DETAIL, Math.min(MAX_DETAIL, Math.round(zoom)));
  }

  function init(el) {
    var values = readJson(el.dataset.values);
    var focus = el.dataset.focus || "";
    var labelZoom = parseInt(el.dataset.labelZoom || "14", 10);
    var background = el.dataset.backgroundUrl || "";
    var status = el.querySelector(".map-status");
    var byCode = {};
    var focusParent = null;
    var loaded = -1;
    var pending = -1;
    var highlighted = null;

    var map = L.map(el, {
      renderer: L.canvas({ padding: 0.5, tolerance: 3 }),
      preferCanvas: true,
      zoomControl: false,
      attributionControl: false,
      keyboard: true,
      zoomSnap: 0.25,
      minZoom: 6,
      maxZoom: 18,
    }).setView([52.1, 5.3], 7);
    L.control.zoom({ zoomInTitle: "Inzoomen", zoomOutTitle: "Uitzoomen" }).addTo(map);
    if (background) {
      L.tileLayer(background, { maxZoom: 19 }).addTo(map);
      L.control
        .attribution({ prefix: false })
        .addAttribution(escapeHtml(el.dataset.backgroundAttribution || ""))
        .addTo(map);
    }

    function style(feature) {
      var p = feature.properties;
      if (focus) {
        if (p.code === focus) {
          return { color: "#000000", weight: 3, fillColor: FOCUS, fillOpacity: 0.85 };
        }
        var near = focusParent !== null && p.parent === focusParent;
        return {
          color: "#6b6b6b",
          weight: 1,
          fillColor: p.is_water ? WATER : near ? "#bdbdbd" : "#ececec",
          fillOpacity: background ? 0.6 : 0.9,
        };
      }
      var v = values ? values[p.code] : null;
      return {
        color: "#333333",
        weight: 1,
        fillColor: v ? v.colour : p.is_water ? WATER : NO_DATA,
        fillOpacity: background ? 0.7 : 0.9,
      };
    }

    function tooltipFor(p) {
      var box = element("span", "area-tooltip");
      box.appendChild(element("strong", "", p.name));
      var v = values ? values[p.code] : null;
      var detail = v ? v.text : p.code === focus ? "dit gebied" : p.is_water ? "water" : "";
      if (detail) {
        box.appendChild(document.createElement("br"));
        box.appendChild(document.createTextNode(detail));
      }
      return box;
    }

    function urlFor(code) {
      return el.dataset.areaUrl.replace("CODE", encodeURIComponent(code));
    }

    function highlight(layer) {
      if (highlighted && highlighted !== layer) unhighlight(highlighted);
      highlighted = layer;
      layer.setStyle({ weight: 4, color: "#000000" });
      layer.bringToFront();
    }

    function unhighlight(layer) {
      areas.resetStyle(layer);
      if (layer.feature.properties.code === focus) layer.bringToFront();
      if (highlighted === layer) highlighted = null;
    }

    var areas = L.geoJSON(null, {
      style: style,
      onEachFeature: function (feature, layer) {
        byCode[feature.properties.code] = layer;
        layer.bindTooltip(tooltipFor(feature.properties), { sticky: true, direction: "top" });
        layer.on("mouseover", function () {
          highlight(layer);
        });
        layer.on("mouseout", function () {
          unhighlight(layer);
        });
        layer.on("click", function () {
          window.location.href = urlFor(feature.properties.code);
        });
      },
    }).addTo(map);
    var labels = L.layerGroup().addTo(map);

    function updateLabels() {
      labels.clearLayers();
      if (map.getZoom() < labelZoom) return;
      var bounds = map.getBounds();
      var shown = 0;
      var placed = [];
      // no collision handling in Leaflet: skip a label whose (estimated) box hits one placed
      function free(point, name) {
        var box = { x0: point.x - name.length * 3.4 - 2, x1: point.x + name.length * 3.4 + 2, y0: point.y - 8, y1: point.y + 8 };
        for (var i = 0; i < placed.length; i++) {
          var o = placed[i];
          if (box.x0 < o.x1 && o.x0 < box.x1 && box.y0 < o.y1 && o.y0 < box.y1) return false;
        }
        placed.push(box);
        return true;
      }
      areas.eachLayer(function (layer) {
        var p = layer.feature.properties;
        var at = L.latLng(p.label_point[1], p.label_point[0]);
        if (shown >= MAX_LABELS || !bounds.contains(at)) return;
        if (!free(map.latLngToContainerPoint(at), p.name)) return;
        labels.addLayer(
          L.tooltip({ permanent: true, direction: "center", className: "area-label", interactive: false })
            .setLatLng(at)
            .setContent(element("span", "", p.name))
        );
        shown += 1;
      });
      el.dataset.labels = String(shown);
    }

    function fit() {
      var target = areas.getBounds();
      var own = focus ? byCode[focus] : null;
      if (own) {
        focusParent = own.feature.properties.parent;
        if (own.feature.properties.level === "buurt") {
          // a buurt is shown within its wijk
          var wijk = L.latLngBounds([]);
          areas.eachLayer(function (layer) {
            if (layer.feature.properties.parent === focusParent) wijk.extend(layer.getBounds());
          });
          target = wijk;
        } else {
          target = own.getBounds().pad(0.6);
        }
        areas.setStyle(style);
        own.bringToFront();
      }
      if (target.isValid()) map.fitBounds(target, { padding: [8, 8] });
    }

    function load(zoom, first) {
      var detail = detailFor(zoom);
      if (detail <= loaded || detail === pending) return;
      pending = detail;
      var url = el.dataset.geojsonUrl + "&zoom=" + detail;
      fetch(url, { credentials: "same-origin", headers: { Accept: "application/geo+json" } })
        .then(function (response) {
          if (!response.ok) throw new Error("HTTP " + response.status);
          return response.json();
        })
        .then(function (data) {
          if (pending === detail) pending = -1;
          if (detail <= loaded) return;
          loaded = detail;
          highlighted = null;
          byCode = {};
          areas.clearLayers();
          areas.addData(data);
          if (first) fit();
          else if (focus && byCode[focus]) byCode[focus].bringToFront();
          updateLabels();
          if (status) {
            status.remove();
            status = null;
          }
          el.dataset.loadedZoom = String(detail);
          el.dataset.features = String(data.features.length);
          if (first) load(map.getZoom(), false);
        })
        .catch(function () {
          pending = -1;
          if (status) status.textContent = "De kaart kon niet worden geladen; de tabel op deze pagina geeft dezelfde cijfers.";
        });
    }

    map.on("zoomend", function () {
      load(map.getZoom(), false);
    });
    map.on("moveend", updateLabels);
    load(12, true);

    // the table's links: focus or hover one and the map shows where it lies
    document.querySelectorAll("[data-map-code]").forEach(function (link) {
      function show() {
        var layer = byCode[link.dataset.mapCode];
        if (!layer) return;
        highlight(layer);
        var p = layer.feature.properties;
        layer.openTooltip(L.latLng(p.label_point[1], p.label_point[0]));
      }
      function hide() {
        var layer = byCode[link.dataset.mapCode];
        if (!layer) return;
        layer.closeTooltip();
        unhighlight(layer);
      }
      link.addEventListener("focus", show);
      link.addEventListener("mouseenter", show);
      link.addEventListener("blur", hide);
      link.addEventListener("mouseleave", hide);
    });
  }

  function start() {
    if (typeof L === "undefined") return;
    document.querySelectorAll("[data-area-map]").forEach(init);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
