// The map page: North Korea's provinces from a local GeoJSON file (no tile server: nothing leaves the
// machine), and a circle marker per site of violations, sized by how many the user may see there.
// The table under the map shows the same sites for readers without scripts.
"use strict";
(function () {
  const box = document.getElementById("map");
  if (!box || typeof L === "undefined") return;
  const status = document.getElementById("map-status");
  const lang = box.dataset.lang === "ko" ? "ko" : "en";
  const say = (text) => { if (status) status.textContent = text; };

  const map = L.map(box, { zoomSnap: 0.25, minZoom: 5, maxZoom: 12, attributionControl: true });
  map.attributionControl.setPrefix(false);
  map.attributionControl.addAttribution("Leaflet · Natural Earth");
  map.fitBounds([[37.6, 124.2], [43.0, 130.7]]);

  async function json(url) {
    const response = await fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } });
    if (!response.ok) throw new Error(String(response.status));
    return response.json();
  }

  // Radius in pixels: grows with the square root of the count, so a marker's area follows the count.
  function radius(count) {
    return count > 0 ? Math.min(30, 5 + 4 * Math.sqrt(count)) : 4;
  }

  function shade(count, peak) {
    if (!count || !peak) return 0;
    return Math.min(3, 1 + Math.floor((2.999 * count) / peak));
  }

  // Leaflet sets a string's content as HTML: every name goes in as text, in an element.
  function text(value) {
    const span = document.createElement("span");
    span.textContent = value;
    return span;
  }

  function popup(props) {
    const root = document.createElement("div");
    root.className = "site-popup";
    const name = document.createElement("strong");
    name.textContent = props.name;
    const what = document.createElement("div");
    what.className = "what";
    what.textContent = props.type_label;
    const count = document.createElement("div");
    count.textContent = box.dataset.countLabel + ": " + props.violations;
    root.append(name, what, count);
    if (props.violations > 0) {
      const link = document.createElement("a");
      link.href = props.href;
      link.textContent = box.dataset.openLabel;
      root.append(link);
    }
    return root;
  }

  function drawProvinces(shapes, totals) {
    const peak = Math.max(0, ...Object.values(totals || {}));
    const layer = L.geoJSON(shapes, { interactive: false }).addTo(map);
    layer.eachLayer((part) => {
      const props = part.feature.properties || {};
      const element = part.getElement();
      if (element) {
        element.classList.add("province-shape", "shade-" + shade((totals || {})[props.id], peak));
        element.setAttribute("data-province", props.id || "");
      }
      part.bindTooltip(text(lang === "ko" ? props.name_ko : props.name_en), {
        permanent: true, direction: "center", className: "province-label", interactive: false,
      });
    });
    const bounds = layer.getBounds();
    if (bounds.isValid()) map.fitBounds(bounds, { padding: [8, 8] });
  }

  function drawSites(places) {
    const features = places.features || [];
    // Largest first, so that small markers stay on top and clickable.
    features.sort((a, b) => b.properties.violations - a.properties.violations);
    for (const feature of features) {
      const [lon, lat] = feature.geometry.coordinates;
      const props = feature.properties;
      const classes = ["site-marker", "site-" + props.kind];
      if (!props.violations) classes.push("site-empty");
      const marker = L.circleMarker([lat, lon], { radius: radius(props.violations), className: classes.join(" ") });
      marker.bindPopup(popup(props));
      marker.bindTooltip(text(props.name + " (" + props.violations + ")"));
      marker.addTo(map);
      const element = marker.getElement();
      if (element) {
        element.setAttribute("data-site", props.id);
        element.setAttribute("data-violations", String(props.violations));
        element.setAttribute("role", "button");
        element.setAttribute("aria-label", props.name + ": " + props.violations);
      }
    }
    if (!features.length) say(box.dataset.emptyLabel);
    box.dataset.ready = "true";
  }

  Promise.all([json(box.dataset.provinces), json(box.dataset.places)])
    .then(([shapes, places]) => {
      drawProvinces(shapes, places.provinces);
      drawSites(places);
    })
    .catch(() => say(box.dataset.errorLabel));
})();
