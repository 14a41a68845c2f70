/*
 * The widget on the page: a launcher and a panel (or a panel inside the clinic's own
 * container), in a shadow root so the page's styles and the widget's never mix.
 * Everything it shows is set as text, never parsed as HTML.
 */
const ClinicChatView = (() => {
  const URL_IN_TEXT = /(https?:\/\/[^\s<>"]*[^\s<>".,;:!?)])/g;
  // Under an answer: the visitor's rating, sent as the `feedback` intent (domain.yml).
  const RATINGS = [
    { title: "👍 Yes", payload: '/feedback{"helpful": "yes"}' },
    { title: "👎 No", payload: '/feedback{"helpful": "no"}' },
  ];

  // config: the script tag's settings; actions: send(text, shownAs), opened(), shut().
  function create(config, actions) {
    // On a phone the open chat covers the page: a modal dialog, the page behind kept still.
    const phone = window.matchMedia("(max-width: 480px)");
    let pageOverflow = "";
    const ui = build();

    function build() {
      const host = document.createElement("div");
      host.className = "clinic-chat-host";
      host.style.visibility = "hidden"; // until its stylesheet is in
      const root = host.attachShadow({ mode: "open" });
      const stylesheet = element("link", { rel: "stylesheet", href: config.stylesheet });
      stylesheet.addEventListener("load", () => {
        host.style.visibility = "";
        showLatest(); // only now has the log its height
      });
      root.append(stylesheet);
      if (config.color) host.style.setProperty("--clinic-color", config.color);

      const title = "Chat with " + config.clinicName;
      const panel = element("section", {
        class: "panel" + (config.container ? " panel--inline" : ""),
        id: "clinic-chat-panel",
        role: config.container ? "region" : "dialog",
        "aria-label": title,
      });
      const close = element("button", { class: "close", type: "button", "aria-label": "Close chat" }, "×");
      // A div, not <header>: the page has its own banner.
      const header = element("div", { class: "header" }, element("h2", {}, config.clinicName),
        element("p", {}, "Virtual assistant"));
      if (!config.container) header.append(close);
      const log = element("div", { class: "log", role: "log", "aria-live": "polite", tabindex: "0",
        "aria-label": "Conversation" });
      const typing = element("div", { class: "typing", hidden: "" },
        element("span", { class: "dot" }), element("span", { class: "dot" }), element("span", { class: "dot" }),
        element("span", { class: "visually-hidden" }, "The assistant is typing"));
      const input = element("textarea", { rows: "1", maxlength: String(config.maxMessageChars),
        "aria-label": "Your question", placeholder: "Type your question…" });
      const send = element("button", { type: "submit", class: "send" }, "Send");
      const form = element("form", { class: "composer" }, input, send);
      const note = element("p", { class: "note" }, "Not for emergencies: if you are seriously unwell, " +
        config.callEmergency + ".");
      panel.append(header, log, typing, form, privacyNote(), note);

      let launcher = null;
      if (config.container) {
        config.container.append(host);
      } else {
        panel.hidden = true;
        launcher = element("button", { class: "launcher", type: "button", "aria-label": title,
          "aria-expanded": "false", "aria-controls": panel.id }, chatIcon());
        launcher.addEventListener("click", () => (panel.hidden ? open(true) : shut()));
        close.addEventListener("click", shut);
        panel.addEventListener("keydown", (event) => {
          if (event.key === "Escape") shut();
          if (event.key === "Tab") keepFocusInside(event);
        });
        phone.addEventListener("change", () => {
          if (!panel.hidden) coverPage(phone.matches);
        });
        document.body.append(host);
      }
      root.append(panel);
      if (launcher) root.append(launcher);

      form.addEventListener("submit", (event) => {
        event.preventDefault();
        actions.send(input.value);
      });
      input.addEventListener("keydown", (event) => {
        if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
          event.preventDefault();
          actions.send(input.value);
        }
      });
      input.addEventListener("input", () => fitInput(input));
      return { root, panel, log, typing, input, launcher };
    }

    // What is kept and for how long, before the visitor types anything about their health.
    function privacyNote() {
      const kept = config.keepDays
        ? "Your messages are kept for " + config.keepDays + " days, then deleted"
        : "Your messages are kept by " + config.clinicName;
      const note = element("p", { class: "note privacy" }, kept + "; type \u201cdelete my data\u201d to delete them now.");
      if (config.privacyUrl) {
        note.append(" ", element("a", { href: config.privacyUrl, target: "_blank", rel: "noopener noreferrer" },
          "Privacy notice"));
      }
      return note;
    }

    function fitInput(input) {
      input.style.height = "auto";
      input.style.height = Math.min(input.scrollHeight + 2, 120) + "px"; // + the borders
    }

    function open(focus) {
      ui.panel.hidden = false;
      ui.launcher.setAttribute("aria-expanded", "true");
      ui.launcher.classList.add("launcher--open");
      coverPage(phone.matches);
      actions.opened();
      showLatest();
      if (focus) ui.input.focus();
    }

    function shut() {
      ui.panel.hidden = true;
      ui.launcher.setAttribute("aria-expanded", "false");
      ui.launcher.classList.remove("launcher--open");
      coverPage(false);
      actions.shut();
      ui.launcher.focus();
    }

    function coverPage(covering) {
      const page = document.documentElement.style;
      if (covering && ui.panel.getAttribute("aria-modal") !== "true") {
        pageOverflow = page.overflow;
        page.overflow = "hidden";
        ui.panel.setAttribute("aria-modal", "true");
      } else if (!covering && ui.panel.getAttribute("aria-modal") === "true") {
        page.overflow = pageOverflow;
        ui.panel.removeAttribute("aria-modal");
      }
    }

    // A modal dialog keeps Tab and Shift+Tab among its own controls.
    function keepFocusInside(event) {
      if (ui.panel.getAttribute("aria-modal") !== "true") return;
      const controls = Array.from(ui.panel.querySelectorAll("button, a[href], textarea, [tabindex='0']"));
      const first = controls[0];
      const last = controls[controls.length - 1];
      const focused = ui.root.activeElement;
      if (event.shiftKey ? focused === first : focused === last) {
        event.preventDefault();
        (event.shiftKey ? last : first).focus();
      }
    }

    // The whole conversation; quick replies only on the answers since the visitor's last message.
    function showHistory(messages) {
      ui.log.replaceChildren();
      const lastFromVisitor = messages.map((m) => m.from).lastIndexOf("user");
      messages.forEach((message, index) => ui.log.append(renderMessage(message, index > lastFromVisitor, false)));
      showLatest();
    }

    function showMessage(message) {
      if (message.from === "user") ui.log.querySelectorAll(".quick-replies").forEach((group) => group.remove());
      ui.log.append(renderMessage(message, true, true));
      showLatest();
    }

    function renderMessage(message, offerReplies, isNew) {
      const item = element("div", { class: "message message--" + message.from +
        (message.style ? " message--" + message.style : "") });
      if (isNew && message.style === "urgent") item.setAttribute("role", "alert");
      const bubble = element("div", { class: "bubble" });
      appendLinkedText(bubble, message.text);
      item.append(bubble);

      const links = message.buttons.filter((b) => b.url);
      const replies = message.buttons.filter((b) => !b.url);
      if (links.length) {
        item.append(element("div", { class: "links" }, ...links.map((b) =>
          element("a", { class: "link-button", href: b.url, target: "_blank", rel: "noopener noreferrer" }, b.title))));
      }
      if (replies.length && offerReplies) {
        item.append(replyGroup("Suggested replies", replies));
      }
      if (message.rate && offerReplies) { // counted per topic in the staff console's Insights
        const rating = replyGroup("Was this answer helpful?", RATINGS);
        rating.prepend(element("span", { class: "rating-question" }, "Was this helpful?"));
        item.append(rating);
      }
      const when = new Date(message.time);
      item.append(element("time", { datetime: when.toISOString() },
        when.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" })));
      return item;
    }

    // Buttons that send their payload as the visitor's reply; gone once the visitor answers.
    function replyGroup(label, replies) {
      const group = element("div", { class: "quick-replies", role: "group", "aria-label": label });
      for (const reply of replies) {
        const button = element("button", { type: "button", class: "quick-reply" }, reply.title);
        button.addEventListener("click", (event) => {
          actions.send(reply.payload, reply.title);
          if (event.detail === 0) ui.input.focus(); // chosen from the keyboard: the button is gone
        });
        group.append(button);
      }
      return group;
    }

    // Web addresses in the text become links; the rest stays plain text.
    function appendLinkedText(parent, text) {
      let last = 0;
      for (const match of text.matchAll(URL_IN_TEXT)) {
        parent.append(text.slice(last, match.index));
        parent.append(element("a", { href: match[0], target: "_blank", rel: "noopener noreferrer" }, match[0]));
        last = match.index + match[0].length;
      }
      parent.append(text.slice(last));
    }

    // The end of the conversation, unless the latest answer is taller than the log: then its
    // start, so the visitor reads it from the top.
    function showLatest() {
      const lastQuestion = Array.from(ui.log.querySelectorAll(".message--user")).pop();
      const firstAnswer = lastQuestion ? lastQuestion.nextElementSibling : ui.log.firstElementChild;
      const end = ui.log.scrollHeight - ui.log.clientHeight;
      const padding = parseFloat(getComputedStyle(ui.log).paddingTop) || 0;
      ui.log.scrollTop = firstAnswer ? Math.min(end, firstAnswer.offsetTop - padding) : end;
    }

    function setTyping(on) {
      ui.typing.hidden = !on;
      showLatest();
    }

    function clearInput() {
      ui.input.value = "";
      fitInput(ui.input);
    }

    return { open, showHistory, showMessage, setTyping, clearInput };
  }

  function element(tag, attributes, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
    node.append(...children); // strings become text nodes, never HTML
    return node;
  }

  // An SVG, not an emoji: many systems have no emoji font.
  function chatIcon() {
    const svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
    const path = document.createElementNS("http://www.w3.org/2000/svg", "path");
    svg.setAttribute("viewBox", "0 0 24 24");
    svg.setAttribute("aria-hidden", "true");
    path.setAttribute("d", "M4 3h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H10l-5 4v-4H4a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2z");
    path.setAttribute("fill", "currentColor");
    svg.append(path);
    return svg;
  }

  return { create };
})();
