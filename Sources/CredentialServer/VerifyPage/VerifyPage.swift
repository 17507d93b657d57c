import CredentialKit
import Foundation

/// The verification page at `/verify`: plain HTML, CSS and a little JavaScript served from the
/// binary, no framework and nothing from elsewhere. The HTML is written in the page's language
/// (with `dir="rtl"` for Arabic); the script reads the same catalogue from the page to show the answer.
enum VerifyPage {
    /// The page in `language` (one of ``VerifyPageCatalogue/languages``).
    static func html(language: String) -> String {
        let strings = VerifyPageCatalogue.messages[language] ?? VerifyPageCatalogue.english
        func t(_ key: String) -> String { escape(strings[key] ?? VerifyPageCatalogue.english[key] ?? key) }
        let direction = VerifyPageCatalogue.rightToLeft.contains(language) ? "rtl" : "ltr"
        let switcher = VerifyPageCatalogue.languages.map { (code: String) -> String in
            let name = escape(VerifyPageCatalogue.names[code] ?? code)
            return code == language
                ? "<li><a href=\"?lang=\(code)\" lang=\"\(code)\" aria-current=\"true\">\(name)</a></li>"
                : "<li><a href=\"?lang=\(code)\" lang=\"\(code)\" hreflang=\"\(code)\">\(name)</a></li>"
        }.joined()
        let catalogue = catalogueJSON(strings)
        return """
            <!doctype html>
            <html lang="\(language)" dir="\(direction)">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(t("title"))</title>
            <link rel="stylesheet" href="/assets/verify.css">
            </head>
            <body>
            <header>
            <h1>\(t("title"))</h1>
            <nav aria-label="\(t("language"))"><ul class="languages">\(switcher)</ul></nav>
            </header>
            <main>
            <p class="intro">\(t("intro"))</p>
            <form id="upload" action="/api/verify" method="post" enctype="multipart/form-data">
            <label for="file" id="drop" class="drop">
            <span class="choose">\(t("choose"))</span>
            <span class="or-drop">\(t("drop"))</span>
            </label>
            <input type="file" id="file" name="credential" class="file"
                   accept=".json,.jwt,.jws,.png,.svg,application/json,image/png,image/svg+xml">
            <noscript><p>\(t("noscript"))</p><button type="submit">\(t("send"))</button></noscript>
            </form>
            <section id="result" aria-live="polite" aria-atomic="false"></section>
            </main>
            <script type="application/json" id="messages">\(catalogue)</script>
            <script src="/assets/verify.js"></script>
            </body>
            </html>

            """
    }

    /// The catalogue for the script, as JSON to sit inside a `<script>` element: every `<` is
    /// written `\u003c`, so no string can end the element.
    static func catalogueJSON(_ strings: [String: String]) -> String {
        JSONValue.object(JSONObject(strings.sorted { $0.key < $1.key }.map { ($0.key, JSONValue.string($0.value)) }))
            .serialized().replacingOccurrences(of: "<", with: "\\u003c")
    }

    static func escape(_ text: String) -> String {
        var escaped = ""
        for character in text {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&#39;"
            default: escaped.append(character)
            }
        }
        return escaped
    }

    /// Only what the page itself is: no inline script runs, nothing loads from elsewhere, and
    /// images come only from the page, `data:` URIs or the file being checked (`blob:`).
    static let contentSecurityPolicy = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"

    static let css = #"""
        :root { --ink: #1b1b1f; --muted: #4a4a55; --line: #c9c9d2; --back: #ffffff; --panel: #f4f4f7;
                --good: #0b6b2f; --bad: #a1141e; --caution: #7a4b00; --focus: #1456c7; }
        * { box-sizing: border-box; }
        body { margin: 0; font: 1.05rem/1.55 system-ui, -apple-system, "Segoe UI", "Noto Sans", "Noto Sans Arabic", sans-serif;
               color: var(--ink); background: var(--back); }
        header, main { max-width: 46rem; margin: 0 auto; padding: 1rem 1.25rem; }
        header { display: flex; flex-wrap: wrap; gap: .75rem; align-items: baseline; justify-content: space-between; }
        h1 { font-size: 1.6rem; margin: .5rem 0; }
        .languages { list-style: none; display: flex; gap: .75rem; margin: 0; padding: 0; }
        .languages a { color: var(--focus); }
        .languages a[aria-current] { color: var(--ink); font-weight: 700; text-decoration: none; }
        .intro { color: var(--muted); }
        .file { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
        .drop { display: flex; flex-direction: column; align-items: center; gap: .35rem; padding: 2rem 1rem;
                border: 2px dashed var(--line); border-radius: .75rem; background: var(--panel); cursor: pointer; text-align: center; }
        .drop.over { border-color: var(--focus); }
        .choose { display: inline-block; padding: .55rem 1.1rem; border-radius: .4rem; background: var(--focus); color: #fff; font-weight: 600; }
        form:focus-within .drop { outline: 3px solid var(--focus); outline-offset: 3px; }
        #result:empty { display: none; }
        .verdict { display: flex; gap: .9rem; align-items: flex-start; margin: 1.5rem 0 1rem; padding: 1rem 1.1rem;
                   border-radius: .75rem; border: 2px solid currentColor; }
        .verdict h2 { margin: 0; font-size: 1.45rem; letter-spacing: .02em; }
        .verdict p { margin: .25rem 0 0; color: var(--ink); }
        .verdict .icon { font-size: 1.6rem; font-weight: 700; line-height: 1; width: 2.6rem; height: 2.6rem; flex: none;
                         display: grid; place-items: center; border-radius: 50%; color: #fff; }
        .verdict.good { color: var(--good); background: #eaf6ee; }
        .verdict.bad { color: var(--bad); background: #fbecee; }
        .verdict.caution { color: var(--caution); background: #fdf4e3; }
        .verdict.good .icon { background: var(--good); }
        .verdict.bad .icon { background: var(--bad); }
        .verdict.caution .icon { background: var(--caution); }
        .verdict h2:focus { outline: none; }
        .verdict h2:focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; }
        .checking { color: var(--muted); }
        dl { display: grid; grid-template-columns: max-content 1fr; gap: .35rem 1rem; margin: 0 0 1rem; }
        dt { font-weight: 600; color: var(--muted); }
        dd { margin: 0; overflow-wrap: anywhere; }
        bdi, .value { unicode-bidi: isolate; }
        .badge-image { max-width: 10rem; height: auto; display: block; margin: .5rem 0 1rem; }
        .checks { list-style: none; padding: 0; margin: 0; }
        .checks li { padding: .6rem 0; border-top: 1px solid var(--line); }
        .checks .state { font-weight: 700; margin-inline-end: .5rem; }
        .checks .pass { color: var(--good); } .checks .fail { color: var(--bad); }
        .checks .warn, .checks .unknown { color: var(--caution); } .checks .skipped { color: var(--muted); }
        .checks .message { display: block; color: var(--muted); overflow-wrap: anywhere; }
        .note { color: var(--muted); font-size: .9rem; }
        .error { color: var(--bad); font-weight: 600; }
        h2.section { font-size: 1.15rem; margin: 1.5rem 0 .5rem; }
        @media (max-width: 30rem) { dl { grid-template-columns: 1fr; } dt { margin-top: .5rem; } }
        """#

    static let javascript = #"""
        "use strict";
        (function () {
          var t = JSON.parse(document.getElementById("messages").textContent);
          var lang = document.documentElement.lang;
          var input = document.getElementById("file");
          var drop = document.getElementById("drop");
          var result = document.getElementById("result");
          var kinds = { verified: "good", verified_untrusted: "caution", status_unknown: "caution", unverifiable: "caution",
                        expired: "caution", not_yet_valid: "caution" };
          var icons = { verified: "\u2713", verified_untrusted: "\u2713", revoked: "\u2715", suspended: "\u2016",
                        expired: "\u231B", not_yet_valid: "\u231B", status_unknown: "?", unverifiable: "?",
                        tampered: "\u2715", malformed: "\u2715", unsupported: "!" };

          function el(name, attributes, text) {
            var node = document.createElement(name);
            for (var key in attributes || {}) { node.setAttribute(key, attributes[key]); }
            if (text !== undefined && text !== null) { node.textContent = text; }
            return node;
          }

          function when(value) {
            var date = new Date(value);
            if (isNaN(date.getTime())) { return value; }
            try {
              return date.toLocaleString(lang, { dateStyle: "long", timeStyle: "short", timeZone: "UTC" }) + " UTC";
            } catch (e) { return value; }
          }

          // Direction and invisible formatting characters in a name are shown, not obeyed: a name
          // cannot reorder itself on screen.
          function visible(text) {
            return text.replace(/[\u200B-\u200F\u202A-\u202E\u2060-\u2069\uFEFF]/g, function (c) {
              return "\u27E8U+" + c.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0") + "\u27E9";
            });
          }

          function say(key) { return Object.prototype.hasOwnProperty.call(t, key) ? t[key] : key; }

          function showError(message) {
            result.replaceChildren(el("p", { "class": "error", role: "alert" }, say("error") + ": " + message));
          }

          function check(file) {
            result.replaceChildren(el("p", { "class": "checking" }, say("checking")));
            fetch("/api/verify?lang=" + encodeURIComponent(lang), { method: "POST", body: file,
                                   headers: { "Content-Type": file.type || "application/octet-stream" } })
              .then(function (response) {
                return response.json().catch(function () { return {}; }).then(function (body) {
                  if (response.status === 413) { showError(say("error.tooLarge")); return; }
                  if (!response.ok) { showError(body.error || String(response.status)); return; }
                  render(body, file);
                });
              })
              .catch(function () { showError(say("error.network")); });
          }

          function render(report, file) {
            var code = report.verdictCode || "malformed";
            var box = el("div", { "class": "verdict " + (kinds[code] || "bad"), "data-verdict": code });
            var icon = el("div", { "class": "icon", "aria-hidden": "true" });
            icon.appendChild(el("span", {}, icons[code] || "!"));
            var words = el("div");
            var heading = el("h2", { tabindex: "-1" }, say("verdict." + code));
            words.appendChild(heading);
            words.appendChild(el("p", {}, say("verdict." + code + ".explain")));
            box.appendChild(icon);
            box.appendChild(words);
            var nodes = [box];

            // Claims are shown only when the signature and the issuer's key checked out: a credential
            // whose signature could not be checked may say anything.
            var passed = function (name) {
              // Every result of that check (one per proof, for a credential with several) passed.
              var results = (report.checks || []).filter(function (c) { return c.check === name; });
              return results.length > 0 && results.every(function (c) { return c.status === "pass"; });
            };
            if (code === "tampered") {
              nodes.push(el("p", { "class": "note" }, say("detailsHidden")));
            } else if (!passed("proof") || !passed("issuer-key")) {
              nodes.push(el("p", { "class": "note" }, say("detailsUnchecked")));
            } else {
              nodes.push(el("h2", { "class": "section" }, say("details")));
              var image = null;
              if (/^image\/(png|svg\+xml)$/.test(file.type) && report.bakedImage) {
                image = URL.createObjectURL(file);
              } else if (typeof report.achievementImage === "string" && /^data:image\//.test(report.achievementImage)) {
                image = report.achievementImage;
              }
              if (image) { nodes.push(el("img", { "class": "badge-image", src: image, alt: say("field.image") })); }
              var list = el("dl");
              [["field.achievement", report.achievementName], ["field.description", report.achievementDescription],
               ["field.issuer", report.issuerName || report.issuerID], ["field.recipient", report.recipientName],
               ["field.validFrom", report.validFrom && when(report.validFrom)],
               ["field.validUntil", report.validUntil && when(report.validUntil)]].forEach(function (row) {
                if (typeof row[1] !== "string" || row[1] === "") { return; }
                list.appendChild(el("dt", {}, say(row[0])));
                var value = el("dd");
                value.appendChild(el("bdi", {}, visible(row[1])));
                list.appendChild(value);
              });
              nodes.push(list);
            }

            nodes.push(el("h2", { "class": "section" }, say("checks")));
            var checks = el("ul", { "class": "checks" });
            (report.checks || []).forEach(function (item) {
              var row = el("li", { "data-check": item.check, "data-status": item.status });
              row.appendChild(el("span", { "class": "state " + item.status }, say("status." + item.status)));
              row.appendChild(el("span", { "class": "name" }, say("check." + item.check)));
              var message = el("span", { "class": "message", lang: "en", dir: "ltr" });
              message.appendChild(el("bdi", {}, item.message || ""));
              row.appendChild(message);
              checks.appendChild(row);
            });
            nodes.push(checks);
            // The verifier speaks fewer languages than the page: say so when its words are English.
            if (lang !== "en" && report.language === "en") { nodes.push(el("p", { "class": "note" }, say("englishNote"))); }
            result.replaceChildren.apply(result, nodes);
            heading.focus();
          }

          input.addEventListener("change", function () { if (input.files && input.files[0]) { check(input.files[0]); } });
          ["dragenter", "dragover"].forEach(function (name) {
            drop.addEventListener(name, function (event) { event.preventDefault(); drop.classList.add("over"); });
          });
          ["dragleave", "drop"].forEach(function (name) {
            drop.addEventListener(name, function () { drop.classList.remove("over"); });
          });
          drop.addEventListener("drop", function (event) {
            event.preventDefault();
            var file = event.dataTransfer && event.dataTransfer.files[0];
            if (file) { check(file); }
          });
          document.getElementById("upload").addEventListener("submit", function (event) {
            event.preventDefault();
            if (input.files && input.files[0]) { check(input.files[0]); }
          });
        })();
        """#
}
