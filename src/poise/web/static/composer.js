/* Live review in the composer.
 *
 * The composer works without this script: saving reviews the draft on the server. With it,
 * the review panel follows the text as it is typed: ~350 ms after the last change the draft
 * is sent to POST <form data-review-url> (JSON, CSRF header), and the verdict, the length on
 * each network, the text with the findings' spans marked and the findings are drawn again.
 * Only the answer to the latest request is shown; older ones are dropped.
 *
 * Offsets: review spans are Python string indices, i.e. code points. JavaScript strings and
 * textarea selections count UTF-16 code units, where an emoji outside the Basic Multilingual
 * Plane takes two. Highlighting therefore cuts Array.from(text) (code points), and applying a
 * suggestion converts the span with utf16Offset() before touching the textarea.
 *
 * Every word shown comes from the page (#composer-labels, #finding-template), in the
 * reader's language.
 */
(function () {
  "use strict";

  var DEBOUNCE_MS = 350;
  var RANK = { info: 0, warn: 1, block: 2 };

  // Offsets and highlighting (the same cuts as poise.web.routes.composer.highlight) ----------

  /** The UTF-16 offset in `text` of the code point at index `index`. */
  function utf16Offset(text, index) {
    var units = 0;
    var seen = 0;
    for (var char of text) {
      if (seen >= index) break;
      units += char.length;
      seen += 1;
    }
    return units;
  }

  /** `text` cut at every span's ends; spans are {start, end, severity, number} in code
   * points. Returns [{text, severity, findings}], severity null outside every span. */
  function highlight(text, spans) {
    var chars = Array.from(text);
    var valid = spans.filter(function (s) {
      return s.start >= 0 && s.start < s.end && s.end <= chars.length;
    });
    var cuts = [0, chars.length];
    valid.forEach(function (s) { cuts.push(s.start, s.end); });
    cuts = Array.from(new Set(cuts)).sort(function (a, b) { return a - b; });
    var pieces = [];
    for (var i = 0; i + 1 < cuts.length; i += 1) {
      var start = cuts[i];
      var end = cuts[i + 1];
      var covering = valid.filter(function (s) { return s.start <= start && end <= s.end; });
      var worst = null;
      covering.forEach(function (s) {
        if (worst === null || RANK[s.severity] > RANK[worst]) worst = s.severity;
      });
      pieces.push({
        text: chars.slice(start, end).join(""),
        severity: worst,
        findings: covering.map(function (s) { return s.number; }),
      });
    }
    return pieces;
  }

  /** "%(name)s" placeholders filled from `values`. */
  function fill(template, values) {
    return template.replace(/%\((\w+)\)s/g, function (whole, name) {
      return Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : whole;
    });
  }

  window.PoiseComposer = { utf16Offset: utf16Offset, highlight: highlight };

  var form = document.getElementById("composer");
  if (!form || !form.dataset.reviewUrl) return;

  var labels = JSON.parse(document.getElementById("composer-labels").textContent);
  var findingTemplate = document.getElementById("finding-template");
  var csrf = document.querySelector('meta[name="csrf-token"]').content;
  var text = form.elements.namedItem("text");
  var panel = {
    status: document.getElementById("review-status"),
    lengths: document.getElementById("review-lengths"),
    previews: document.getElementById("review-previews"),
    findings: document.getElementById("review-findings"),
    nothing: document.getElementById("review-nothing"),
  };
  var numbers = new Intl.NumberFormat(document.documentElement.lang || "en", {
    numberingSystem: "latn",
  });
  var sequence = 0;
  var timer = 0;
  var inflight = null;

  // What the composer holds --------------------------------------------------------------------

  function checkedAccounts() {
    return Array.from(form.querySelectorAll('input[name="account"]:checked'));
  }

  function variantBoxes() {
    return Array.from(form.querySelectorAll("details.variant"));
  }

  /** The request body, and where each media item of it came from (rows can be empty). */
  function gather() {
    var media = [];
    var mediaRows = [];
    for (var row = 0; form.elements.namedItem("media-" + row + "-kind"); row += 1) {
      var kind = form.elements.namedItem("media-" + row + "-kind").value;
      if (!kind) continue;
      media.push({ kind: kind, alt: form.elements.namedItem("media-" + row + "-alt").value });
      mediaRows.push(row);
    }
    var variants = {};
    variantBoxes().forEach(function (box) {
      var area = box.querySelector("textarea");
      if (!box.hidden && area.value.trim()) variants[box.dataset.network] = area.value;
    });
    var replyTo = form.elements.namedItem("reply_to");
    return {
      body: {
        text: text.value,
        language: form.elements.namedItem("language").value,
        accounts: checkedAccounts().map(function (box) { return Number(box.value); }),
        media: media,
        reply_to: replyTo ? replyTo.value : "",
        variants: variants,
      },
      mediaRows: mediaRows,
    };
  }

  /** Show a variant box only for networks of the chosen accounts (or when it has text). */
  function syncVariants() {
    var chosen = new Set(checkedAccounts().map(function (box) { return box.dataset.network; }));
    variantBoxes().forEach(function (box) {
      var written = box.querySelector("textarea").value.trim() !== "";
      box.hidden = !(chosen.has(box.dataset.network) || written);
    });
  }

  /** The field a finding's span is in, and its value when it was reviewed. */
  function source(finding, sent) {
    if (!finding.span) return null;
    var field = finding.span.field;
    if (field === "text" && finding.variant) {
      return {
        element: form.elements.namedItem("variant-" + finding.variant),
        value: sent.body.variants[finding.variant] || "",
      };
    }
    if (field === "text") return { element: text, value: sent.body.text };
    var alt = /^media\[(\d+)\]\.alt$/.exec(field);
    if (alt && Number(alt[1]) < sent.mediaRows.length) {
      var index = Number(alt[1]);
      return {
        element: form.elements.namedItem("media-" + sent.mediaRows[index] + "-alt"),
        value: sent.body.media[index].alt || "",
      };
    }
    return null;
  }

  // Asking for a review ------------------------------------------------------------------------

  function schedule() {
    sequence += 1; // whatever is in flight now describes older text
    window.clearTimeout(timer);
    timer = window.setTimeout(run, DEBOUNCE_MS);
  }

  function run() {
    window.clearTimeout(timer);
    var sent = gather();
    var mine = (sequence += 1);
    if (inflight) inflight.abort();
    inflight = null;
    if (!sent.body.text.trim() && sent.body.media.length === 0) {
      showEmpty();
      return;
    }
    inflight = new AbortController();
    panel.status.setAttribute("aria-busy", "true");
    fetch(form.dataset.reviewUrl, {
      method: "POST",
      credentials: "same-origin",
      headers: {
        "Content-Type": "application/json",
        Accept: "application/json",
        "X-CSRF-Token": csrf,
      },
      body: JSON.stringify(sent.body),
      signal: inflight.signal,
    })
      .then(function (response) {
        var type = response.headers.get("content-type") || "";
        if (!response.ok || type.indexOf("application/json") === -1) {
          throw new Error("review answered " + response.status);
        }
        return response.json();
      })
      .then(function (result) {
        if (mine === sequence) show(result, sent);
      })
      .catch(function (error) {
        if (mine === sequence && error.name !== "AbortError") showFailed();
      })
      .finally(function () {
        if (mine === sequence) panel.status.removeAttribute("aria-busy");
      });
  }

  // Drawing the answer -------------------------------------------------------------------------

  function element(name, className, content) {
    var node = document.createElement(name);
    if (className) node.className = className;
    if (content !== undefined) node.textContent = content;
    return node;
  }

  function setStatus(nodes) {
    panel.status.replaceChildren.apply(panel.status, nodes);
  }

  function show(result, sent) {
    var verdict = element("span", "verdict " + result.verdict, labels.verdicts[result.verdict]);
    var details = element(
      "span",
      "muted",
      fill(labels.strings.score, { score: result.score }) +
        " · " +
        fill(labels.strings.count, { count: result.findings.length })
    );
    setStatus([verdict, document.createTextNode(" "), details]);
    showLengths(result.lengths);
    showPreviews(result.findings, sent);
    panel.findings.replaceChildren.apply(
      panel.findings,
      result.findings.map(function (finding) { return findingItem(finding, sent); })
    );
    if (panel.nothing) panel.nothing.hidden = result.findings.length > 0;
  }

  function showEmpty() {
    setStatus([element("span", "muted", labels.strings.empty)]);
    panel.previews.replaceChildren();
    panel.findings.replaceChildren();
    if (panel.nothing) panel.nothing.hidden = true;
  }

  function showFailed() {
    setStatus([element("span", "error", labels.strings.failed)]);
  }

  function showLengths(lengths) {
    var items = Object.keys(lengths).map(function (network) {
      var length = lengths[network];
      var item = element("li", "counter" + (length.over ? " over" : ""));
      item.dataset.network = network;
      item.textContent = fill(labels.strings.counter, {
        network: length.name,
        length: numbers.format(length.length),
        limit: numbers.format(length.limit),
        unit: labels.units[length.unit] || length.unit,
      });
      if (length.over) {
        item.append(" — ");
        var over = fill(labels.strings.over, { count: numbers.format(length.length - length.limit) });
        item.append(element("strong", "", over));
      }
      return item;
    });
    panel.lengths.replaceChildren.apply(panel.lengths, items);
  }

  function showPreviews(findings, sent) {
    var texts = [[null, sent.body.text]];
    Object.keys(sent.body.variants).forEach(function (network) {
      texts.push([network, sent.body.variants[network]]);
    });
    var blocks = [];
    texts.forEach(function (entry) {
      var variant = entry[0];
      var spans = findings
        .filter(function (f) {
          return f.variant === variant && f.span && f.span.field === "text";
        })
        .map(function (f) {
          return { start: f.span.start, end: f.span.end, severity: f.severity, number: f.number };
        });
      if (variant === null || spans.length) blocks.push(previewBlock(variant, entry[1], spans));
    });
    panel.previews.replaceChildren.apply(panel.previews, blocks);
  }

  function previewBlock(variant, value, spans) {
    var block = element("div", "review-preview-block");
    block.dataset.variant = variant || "";
    if (variant) {
      var name = labels.networks[variant] || variant;
      block.append(element("p", "muted preview-label", fill(labels.strings.variant, { network: name })));
    }
    var preview = element("div", "review-preview");
    preview.dir = "auto";
    highlight(value, spans).forEach(function (piece) {
      if (!piece.severity) {
        preview.append(piece.text);
        return;
      }
      var mark = element("mark", "severity-" + piece.severity, piece.text);
      mark.dataset.findings = piece.findings.join(" ");
      preview.append(mark);
    });
    block.append(preview);
    return block;
  }

  function findingItem(finding, sent) {
    var item = findingTemplate.content.firstElementChild.cloneNode(true);
    item.classList.add("severity-" + finding.severity);
    item.id = "finding-" + finding.number;
    item.querySelector(".severity-label").textContent =
      labels.severities[finding.severity] || finding.severity;
    item.querySelector(".check").textContent = labels.checks[finding.check] || finding.check;
    item.querySelector(".where-slot").replaceWith(whereLabel(finding));
    var origin = source(finding, sent);
    var quoted = origin
      ? Array.from(origin.value).slice(finding.span.start, finding.span.end).join("")
      : "";
    fillOrDrop(item.querySelector(".excerpt"), "q", quoted);
    item.querySelector(".message").textContent = finding.message;
    fillOrDrop(item.querySelector(".suggestion"), "span", finding.suggestion);
    var replacement = item.querySelector(".replacement");
    if (finding.replacement === null || finding.replacement === undefined) {
      replacement.remove();
    } else {
      // An empty replacement removes the span (a siren emoji): there is nothing to quote.
      if (finding.replacement === "") {
        replacement.querySelector(".replace-label").remove();
      } else {
        replacement.querySelector("q").textContent = finding.replacement;
      }
      var button = replacement.querySelector("button.apply");
      if (origin && origin.element) {
        button.addEventListener("click", function () { apply(finding, sent); });
      } else {
        button.remove();
      }
    }
    return item;
  }

  function fillOrDrop(paragraph, selector, value) {
    if (value) paragraph.querySelector(selector).textContent = value;
    else paragraph.remove();
  }

  function whereLabel(finding) {
    var parts = [];
    if (finding.variant) {
      var name = labels.networks[finding.variant] || finding.variant;
      parts.push(fill(labels.strings.variant, { network: name }));
    }
    var alt = finding.span && /^media\[(\d+)\]\.alt$/.exec(finding.span.field);
    if (alt) parts.push(fill(labels.strings.alt, { number: Number(alt[1]) + 1 }));
    var fragment = document.createDocumentFragment();
    parts.forEach(function (part) {
      fragment.append(" · ", element("span", "where", part));
    });
    return fragment;
  }

  // Applying a suggestion ----------------------------------------------------------------------

  /** Replace exactly the finding's span with its replacement, keeping the rest, then review
   * again. When the field changed since the review, only review again. */
  function apply(finding, sent) {
    var origin = source(finding, sent);
    if (!origin || !origin.element || origin.element.value !== origin.value) {
      run();
      return;
    }
    var field = origin.element;
    var start = utf16Offset(origin.value, finding.span.start);
    var end = utf16Offset(origin.value, finding.span.end);
    var expected = origin.value.slice(0, start) + finding.replacement + origin.value.slice(end);
    field.focus();
    field.setSelectionRange(start, end);
    var typed = false;
    try {
      // Through the editing commands, so Ctrl+Z undoes the replacement.
      typed = finding.replacement
        ? document.execCommand("insertText", false, finding.replacement)
        : document.execCommand("delete");
    } catch (error) {
      typed = false;
    }
    if (!typed || field.value !== expected) {
      field.value = expected;
      field.setSelectionRange(start + finding.replacement.length, start + finding.replacement.length);
    }
    run();
  }

  // Wiring -------------------------------------------------------------------------------------

  form.addEventListener("input", function (event) {
    if (event.target.name === "account") syncVariants();
    schedule();
  });
  form.addEventListener("change", function (event) {
    if (event.target.name === "account") syncVariants();
    if (event.target.tagName === "SELECT" || event.target.type === "checkbox") schedule();
  });
  form.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey) && event.target.tagName === "TEXTAREA") {
      event.preventDefault();
      form.requestSubmit();
    }
  });

  syncVariants();
  if (text.value.trim()) run();
})();
