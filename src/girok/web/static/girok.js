// Girok: what every page shares. No inline scripts anywhere (the Content-Security-Policy forbids them).
"use strict";
(function () {
  const meta = document.querySelector('meta[name="csrf-token"]');
  // The session's CSRF secret, echoed by every state-changing request the page's scripts make.
  window.girok = {
    csrf: meta ? meta.content : "",
    lang: document.body.dataset.lang || "en",
    async request(method, url, body) {
      const headers = { "X-CSRF-Token": this.csrf, "Accept": "application/json" };
      let payload = body;
      if (body !== undefined && !(body instanceof FormData)) {
        headers["Content-Type"] = "application/json";
        payload = JSON.stringify(body);
      }
      const response = await fetch(url, { method, headers, body: payload, credentials: "same-origin" });
      const data = (response.headers.get("content-type") || "").includes("json") ? await response.json() : null;
      if (!response.ok) {
        const error = new Error(data && data.error ? data.error.message + " (" + data.error.reference + ")" : response.statusText);
        error.status = response.status;
        throw error;
      }
      return data;
    },
    // Text from a <script type="application/json" id="..."> block (data for the page's script).
    data(id) {
      const node = document.getElementById(id);
      return node ? JSON.parse(node.textContent) : null;
    },
  };
})();
