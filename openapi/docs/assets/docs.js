// tonic's OpenAPI docs page: fetches the document named by the
// tonic-openapi-spec meta tag and renders it with DOM calls only (no
// innerHTML, no inline style), under script-src 'self'; style-src 'self'.
"use strict";

(function () {
  const METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];
  const REF_PREFIX = "#/components/schemas/";

  function el(tag, attrs, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === undefined || v === null || v === false) continue;
      if (k === "class") e.className = v;
      else if (k === "text") e.textContent = String(v);
      else e.setAttribute(k, v === true ? "" : String(v));
    }
    for (const c of children.flat(Infinity)) {
      if (c === undefined || c === null || c === false) continue;
      e.append(c instanceof Node ? c : document.createTextNode(String(c)));
    }
    return e;
  }

  // prose renders a description: paragraphs split on blank lines, `code`
  // spans, the rest as text.
  function prose(text, cls) {
    if (!text) return null;
    const box = el("div", { class: "prose " + (cls || "") });
    for (const para of String(text).split(/\n\s*\n/)) {
      const p = el("p");
      String(para).split(/(`[^`]+`)/).forEach((part) => {
        if (part.startsWith("`") && part.endsWith("`") && part.length > 1) p.append(el("code", { text: part.slice(1, -1) }));
        else if (part) p.append(part);
      });
      box.append(p);
    }
    return box;
  }

  function json(v) { return JSON.stringify(v); }

  function slug(s) { return String(s).replace(/[^A-Za-z0-9_-]+/g, "-").replace(/^-+|-+$/g, ""); }

  function opAnchor(method, path, op) { return "op-" + slug(op.operationId || method + "-" + path); }

  function schemaAnchor(name) { return "schema-" + slug(name); }

  // resolve follows a local $ref (#/components/...), or returns obj.
  function resolve(doc, obj) {
    let seen = 0;
    while (obj && typeof obj.$ref === "string" && obj.$ref.startsWith("#/") && seen++ < 20) {
      let cur = doc;
      for (const part of obj.$ref.slice(2).split("/")) {
        cur = cur == null ? undefined : cur[part.replace(/~1/g, "/").replace(/~0/g, "~")];
      }
      if (cur === undefined) return obj;
      obj = cur;
    }
    return obj;
  }

  function refName(ref) { return ref.startsWith(REF_PREFIX) ? ref.slice(REF_PREFIX.length) : ref; }

  function refLink(ref) {
    if (!ref.startsWith(REF_PREFIX)) return el("span", { class: "type", text: ref });
    const name = refName(ref);
    return el("a", { class: "type ref", href: "#" + schemaAnchor(name), text: name });
  }

  function isNullSchema(s) { return s && (s.type === "null" || (Array.isArray(s.type) && s.type.length === 1 && s.type[0] === "null")); }

  // typeLabel returns the nodes that name the type of schema s, and whether
  // it is nullable: "string | null", "array of Stuff", "map of number".
  function typeLabel(s) {
    if (s === true || s === undefined || s === null || (typeof s === "object" && Object.keys(s).length === 0)) {
      return { nodes: [el("span", { class: "type", text: "any" })], nullable: false };
    }
    if (s === false) return { nodes: [el("span", { class: "type", text: "nothing" })], nullable: false };
    if (s.$ref) return { nodes: [refLink(s.$ref)], nullable: false };
    for (const key of ["anyOf", "oneOf"]) {
      if (Array.isArray(s[key])) {
        const parts = s[key].filter((x) => !isNullSchema(x));
        const nullable = parts.length < s[key].length;
        if (parts.length === 1) {
          const inner = typeLabel(parts[0]);
          const nodes = inner.nodes.slice();
          if (nullable && !inner.nullable) nodes.push(el("span", { class: "type", text: " | null" }));
          return { nodes, nullable: nullable || inner.nullable };
        }
        const nodes = [el("span", { class: "muted", text: key === "anyOf" ? "any of " : "one of " })];
        parts.forEach((p, i) => { if (i) nodes.push(" | "); nodes.push(...typeLabel(p).nodes); });
        if (nullable) nodes.push(el("span", { class: "type", text: " | null" }));
        return { nodes, nullable };
      }
    }
    if (Array.isArray(s.allOf)) {
      const nodes = [el("span", { class: "muted", text: "all of " })];
      s.allOf.forEach((p, i) => { if (i) nodes.push(" & "); nodes.push(...typeLabel(p).nodes); });
      return { nodes, nullable: false };
    }
    let types = Array.isArray(s.type) ? s.type.slice() : s.type ? [s.type] : [];
    let nullable = s.nullable === true || types.includes("null");
    types = types.filter((t) => t !== "null");
    if (types.length === 0) types = [s.properties ? "object" : s.items ? "array" : s.enum ? "enum" : "any"];
    const nodes = [];
    types.forEach((t, i) => {
      if (i) nodes.push(" | ");
      if (t === "array") {
        nodes.push(el("span", { class: "type", text: "array of " }));
        const inner = typeLabel(s.items);
        nodes.push(...inner.nodes);
        if (inner.nullable) nodes.push(el("span", { class: "type", text: " | null" }));
      } else if (t === "object" && !s.properties && s.additionalProperties && typeof s.additionalProperties === "object") {
        nodes.push(el("span", { class: "type", text: "map of " }), ...typeLabel(s.additionalProperties).nodes);
      } else {
        nodes.push(el("span", { class: "type", text: t }));
      }
    });
    if (s.format) nodes.push(el("span", { class: "format", text: " (" + s.format + ")" }));
    if (nullable) nodes.push(el("span", { class: "type", text: " | null" }));
    return { nodes, nullable };
  }

  // facts lists the constraints and notes of schema s as small chips.
  function facts(s) {
    if (!s || typeof s !== "object") return [];
    const out = [];
    const chip = (text, cls) => out.push(el("span", { class: "chip " + (cls || ""), text }));
    if (Array.isArray(s.enum)) chip("one of: " + s.enum.map(json).join(", "), "enum");
    if ("const" in s) chip("always " + json(s.const), "enum");
    const bounds = [["minimum", "≥ "], ["maximum", "≤ "], ["minLength", "length ≥ "], ["maxLength", "length ≤ "],
      ["minItems", "items ≥ "], ["maxItems", "items ≤ "], ["minProperties", "properties ≥ "], ["maxProperties", "properties ≤ "],
      ["multipleOf", "multiple of "]];
    for (const [k, label] of bounds) if (typeof s[k] === "number") chip(label + s[k]);
    if (typeof s.exclusiveMinimum === "number") chip("> " + s.exclusiveMinimum);
    if (typeof s.exclusiveMaximum === "number") chip("< " + s.exclusiveMaximum);
    if (s.exclusiveMinimum === true && typeof s.minimum === "number") chip("(minimum excluded)");
    if (s.exclusiveMaximum === true && typeof s.maximum === "number") chip("(maximum excluded)");
    if (s.pattern) chip("pattern " + s.pattern, "mono");
    if (s.uniqueItems) chip("unique items");
    if ("default" in s) chip("default " + json(s.default));
    if (s.readOnly) chip("read-only", "note");
    if (s.writeOnly) chip("write-only", "note");
    if (s.deprecated) chip("deprecated", "warn");
    if (s.contentEncoding) chip("encoding " + s.contentEncoding);
    if (Array.isArray(s.examples)) chip("e.g. " + s.examples.map(json).join(", "), "example");
    else if ("example" in s) chip("e.g. " + json(s.example), "example");
    return out;
  }

  // schemaBlock renders schema s: its type, facts, description and, for
  // an object, a table of its properties; $refs are links, never
  // expanded, so cycles cannot loop.
  function schemaBlock(doc, s, depth) {
    depth = depth || 0;
    const box = el("div", { class: "schema" });
    const label = typeLabel(s);
    box.append(el("div", { class: "schema-head" }, label.nodes, label.nullable ? el("span", { class: "chip null", text: "nullable" }) : null, facts(s)));
    if (s && typeof s === "object") {
      if (s.description && depth > 0) box.append(prose(s.description, "small"));
      const obj = objectOf(s);
      if (obj && depth < 6) box.append(propertiesTable(doc, obj, depth));
      for (const key of ["allOf", "anyOf", "oneOf"]) {
        if (!Array.isArray(s[key])) continue;
        for (const part of s[key]) {
          if (part.$ref || isNullSchema(part) || !objectOf(part) || depth >= 6) continue;
          box.append(propertiesTable(doc, objectOf(part), depth));
        }
      }
      if (s.items && objectOf(s.items) && !s.items.$ref && depth < 6) {
        box.append(el("div", { class: "muted small", text: "each item:" }), propertiesTable(doc, objectOf(s.items), depth));
      }
    }
    return box;
  }

  function objectOf(s) { return s && typeof s === "object" && s.properties ? s : null; }

  // nested returns the table of an inline object property, or of the
  // inline objects of an array property, or null.
  function nested(doc, p, depth) {
    if (depth >= 6 || !p || typeof p !== "object") return null;
    if (objectOf(p)) return propertiesTable(doc, p, depth + 1);
    if (p.items && !p.items.$ref && objectOf(p.items)) {
      return el("div", {}, el("div", { class: "muted small", text: "each item:" }), propertiesTable(doc, p.items, depth + 1));
    }
    return null;
  }

  function propertiesTable(doc, s, depth) {
    const required = new Set(s.required || []);
    const rows = Object.entries(s.properties).map(([name, p]) => {
      const label = typeLabel(p);
      return el("tr", {},
        el("td", { class: "prop" }, el("code", { text: name }), required.has(name) ? el("span", { class: "req", title: "required", text: " *" }) : null),
        el("td", {}, el("div", {}, label.nodes, label.nullable ? el("span", { class: "chip null", text: "nullable" }) : null, facts(p)),
          prose(p && p.description, "small"), nested(doc, p, depth)));
    });
    const table = el("table", { class: "props" }, el("tbody", {}, rows));
    const extra = s.additionalProperties;
    if (extra === false) table.append(el("caption", { class: "muted small", text: "no other properties" }));
    else if (extra && typeof extra === "object") table.append(el("caption", { class: "muted small" }, "other properties: ", typeLabel(extra).nodes));
    return table;
  }

  function parametersSection(doc, params) {
    if (!params.length) return null;
    const rows = params.map((raw) => {
      const p = resolve(doc, raw);
      const s = p.schema || {};
      const label = typeLabel(s);
      return el("tr", {},
        el("td", { class: "prop" }, el("code", { text: p.name }), p.required ? el("span", { class: "req", title: "required", text: " *" }) : null),
        el("td", { class: "in", text: p.in }),
        el("td", {}, el("div", {}, label.nodes, label.nullable ? el("span", { class: "chip null", text: "nullable" }) : null, facts(s),
          p.deprecated ? el("span", { class: "chip warn", text: "deprecated" }) : null), prose(p.description, "small")));
    });
    return el("section", { class: "block" }, el("h4", { text: "Parameters" }),
      el("table", { class: "props params" }, el("thead", {}, el("tr", {}, el("th", { text: "name" }), el("th", { text: "in" }), el("th", { text: "schema" }))), el("tbody", {}, rows)));
  }

  function contentBlocks(doc, content) {
    return Object.entries(content || {}).map(([media, m]) => el("div", { class: "media" },
      el("div", { class: "media-type", text: media }), m.schema ? schemaBlock(doc, m.schema, 0) : null));
  }

  function bodySection(doc, raw) {
    if (!raw) return null;
    const b = resolve(doc, raw);
    return el("section", { class: "block" }, el("h4", {}, "Request body", b.required ? el("span", { class: "req", text: " (required)" }) : null),
      prose(b.description, "small"), contentBlocks(doc, b.content));
  }

  function responsesSection(doc, responses) {
    const items = Object.entries(responses || {}).map(([status, raw]) => {
      const r = resolve(doc, raw);
      const cls = status.startsWith("2") ? "ok" : status.startsWith("3") ? "redirect" : status.startsWith("4") ? "client" : status.startsWith("5") ? "server" : "";
      const headers = Object.entries(r.headers || {}).map(([name, hraw]) => {
        const h = resolve(doc, hraw);
        return el("div", { class: "small" }, "header ", el("code", { text: name }), ": ", typeLabel(h.schema).nodes, h.description ? " — " + h.description : "");
      });
      return el("div", { class: "response" },
        el("div", { class: "response-head" }, el("span", { class: "status " + cls, text: status }), " ", r.description || ""),
        headers, contentBlocks(doc, r.content));
    });
    return el("section", { class: "block" }, el("h4", { text: "Responses" }), items);
  }

  function securityNote(doc, op) {
    const sec = op.security || doc.security;
    if (!sec || !sec.length) return null;
    const names = sec.flatMap((req) => Object.keys(req));
    if (!names.length) return el("div", { class: "chip", text: "no authentication" });
    return el("div", { class: "small" }, "Authentication: ", names.map((n, i) => [i ? ", " : "", el("code", { text: n })]));
  }

  function operation(doc, path, method, op, pathParams) {
    const params = mergeParams(doc, pathParams, op.parameters || []);
    return el("article", { class: "op" + (op.deprecated ? " deprecated" : ""), id: opAnchor(method, path, op), "data-filter": (method + " " + path + " " + (op.summary || "") + " " + (op.operationId || "")).toLowerCase() },
      el("h3", {}, el("span", { class: "method " + method, text: method.toUpperCase() }), " ", el("code", { class: "path", text: path }),
        op.summary ? el("span", { class: "summary", text: op.summary }) : null,
        op.deprecated ? el("span", { class: "chip warn", text: "deprecated" }) : null),
      prose(op.description), securityNote(doc, op), parametersSection(doc, params), bodySection(doc, op.requestBody), responsesSection(doc, op.responses));
  }

  // mergeParams returns the path-level parameters that the operation does
  // not override, then the operation's.
  function mergeParams(doc, pathParams, opParams) {
    const key = (p) => { const r = resolve(doc, p); return r.in + ":" + r.name; };
    const own = new Set(opParams.map(key));
    return pathParams.filter((p) => !own.has(key(p))).concat(opParams);
  }

  function operationsByTag(doc) {
    const groups = new Map();
    for (const t of doc.tags || []) groups.set(t.name, { tag: t, ops: [] });
    for (const [path, item] of Object.entries(doc.paths || {})) {
      for (const method of METHODS) {
        const op = item[method];
        if (!op) continue;
        const tag = (op.tags && op.tags[0]) || "default";
        if (!groups.has(tag)) groups.set(tag, { tag: { name: tag }, ops: [] });
        groups.get(tag).ops.push({ path, method, op, pathParams: item.parameters || [] });
      }
    }
    return Array.from(groups.values()).filter((g) => g.ops.length);
  }

  function header(doc) {
    const info = doc.info || {};
    const servers = (doc.servers || []).map((s) => el("li", {}, el("code", { text: s.url }), s.description ? " — " + s.description : ""));
    return el("header", { class: "doc-head" },
      el("h1", {}, info.title || "API", " ", el("span", { class: "version", text: info.version || "" })),
      el("div", { class: "muted small", text: "OpenAPI " + (doc.openapi || "?") + (info.license ? " · licence " + info.license.name : "") }),
      info.summary ? el("p", { class: "lead", text: info.summary }) : null,
      prose(info.description),
      servers.length ? el("div", {}, el("h4", { text: "Servers" }), el("ul", {}, servers)) : null);
  }

  function components(doc) {
    const schemas = Object.entries((doc.components && doc.components.schemas) || {});
    if (!schemas.length) return null;
    return el("section", { id: "schemas" }, el("h2", { text: "Schemas" }), schemas.map(([name, s]) =>
      el("article", { class: "component", id: schemaAnchor(name) }, el("h3", {}, el("code", { text: name })), prose(s.description, "small"), schemaBlock(doc, s, 0))));
  }

  function toc(doc, groups) {
    const box = document.getElementById("toc");
    box.replaceChildren();
    for (const g of groups) {
      box.append(el("div", { class: "toc-tag", text: g.tag.name }));
      for (const { path, method, op } of g.ops) {
        box.append(el("a", { class: "toc-op" + (op.deprecated ? " deprecated" : ""), href: "#" + opAnchor(method, path, op), "data-filter": (method + " " + path + " " + (op.summary || "")).toLowerCase() },
          el("span", { class: "method small " + method, text: method.toUpperCase() }), " ", op.summary || path));
      }
    }
    const names = Object.keys((doc.components && doc.components.schemas) || {});
    if (names.length) {
      box.append(el("div", { class: "toc-tag", text: "schemas" }));
      for (const n of names) box.append(el("a", { class: "toc-op", href: "#" + schemaAnchor(n), text: n }));
    }
  }

  function render(doc) {
    if (!doc || typeof doc !== "object" || (!doc.openapi && !doc.swagger)) throw new Error("this is not an OpenAPI document");
    const groups = operationsByTag(doc);
    const main = document.getElementById("main");
    main.replaceChildren(header(doc), ...groups.map((g) => el("section", { class: "tag", id: "tag-" + slug(g.tag.name) },
      el("h2", { text: g.tag.name }), prose(g.tag.description, "small"),
      g.ops.map(({ path, method, op, pathParams }) => operation(doc, path, method, op, pathParams)))), components(doc) || "");
    toc(doc, groups);
    if (doc.info && doc.info.title) document.title = doc.info.title + " · API documentation";
    document.body.dataset.rendered = "true";
    if (location.hash) {
      const target = document.getElementById(decodeURIComponent(location.hash.slice(1)));
      if (target) target.scrollIntoView();
    }
  }

  function filter(q) {
    q = q.trim().toLowerCase();
    for (const e of document.querySelectorAll("[data-filter]")) e.classList.toggle("hidden", q !== "" && !e.dataset.filter.includes(q));
    for (const sec of document.querySelectorAll("section.tag")) sec.classList.toggle("hidden", !sec.querySelector("article.op:not(.hidden)"));
  }

  async function load() {
    const meta = document.querySelector('meta[name="tonic-openapi-spec"]');
    const status = document.getElementById("status");
    try {
      const res = await fetch(meta.content, { headers: { Accept: "application/json" } });
      if (!res.ok) throw new Error("GET " + meta.content + ": " + res.status + " " + res.statusText);
      render(await res.json());
    } catch (e) {
      status.textContent = "Cannot show the OpenAPI document: " + e.message;
      status.className = "error";
      document.body.dataset.rendered = "error";
    }
  }

  document.getElementById("filter").addEventListener("input", (e) => filter(e.target.value));
  load();
})();
