/*
 * The clinic assistant's chat widget. Embed it with one tag (docs/website-widget.md):
 *
 *   <script src="https://<assistant>/clinic-chat.js" data-clinic-name="..." defer></script>
 *
 * It talks to Rasa's socket.io channel and falls back to the REST channel when the socket
 * cannot connect. Everything it shows is set as text, never parsed as HTML.
 */
(function () {
  "use strict";

  const MAX_MESSAGE_CHARS = 2000; // the server refuses longer messages
  const MAX_HISTORY = 200; // messages kept in the browser across page loads
  const ANSWER_TIMEOUT_MS = 20000;
  const URL_IN_TEXT = /(https?:\/\/[^\s<>"]*[^\s<>".,;:!?)])/g;

  const script = document.currentScript;
  const data = script.dataset;
  const config = {
    server: (data.server || new URL(script.src).origin).replace(/\/+$/, ""),
    stylesheet: new URL("clinic-chat.css", script.src).href,
    clinicName: data.clinicName || "the clinic",
    greeting: data.greeting || "Hello! Ask me a question about our treatments, or how to book.",
    emergencyNumber: data.emergencyNumber || "",
    phone: data.phone || "",
    privacyUrl: data.privacyUrl && isWebLink(data.privacyUrl) ? data.privacyUrl : "",
    keepDays: /^[1-9][0-9]*$/.test(data.keepDays || "") ? data.keepDays : "",
    color: data.color && CSS.supports("color", data.color) ? data.color : "",
    container: data.container ? document.querySelector(data.container) : null,
  };
  const storageKey = "clinic-chat:" + config.server;
  // Tabs of one site share the conversation: the tab that asks gets the answers (the server
  // replies to its socket alone) and stores them; the other tabs show them from storage.
  // On a phone the open chat covers the page: a modal dialog, the page behind kept still.
  const phone = window.matchMedia("(max-width: 480px)");

  const state = restore(localStorage.getItem(storageKey));
  let socket = null;
  let socketReady = false;
  let answerTimer = null;
  let pageOverflow = "";

  const ui = build();
  renderHistory();
  window.addEventListener("storage", (event) => {
    if (event.key === storageKey) showOtherTabs(event.newValue);
  });
  if (config.container) {
    greetIfNew();
    connect();
  } else if (state.open) {
    open(false);
  }

  // --- state kept in the browser, so a reload continues the conversation -------------

  function restore(stored) {
    let saved = {};
    try {
      saved = JSON.parse(stored) || {};
    } catch (error) {
      saved = {};
    }
    return {
      sessionId: typeof saved.sessionId === "string" && saved.sessionId ? saved.sessionId : newSessionId(),
      messages: Array.isArray(saved.messages) ? saved.messages.map(cleanMessage).filter(Boolean) : [],
      open: saved.open === true,
    };
  }

  // Another tab changed the conversation: show it as that tab left it (this tab stays open or shut).
  function showOtherTabs(stored) {
    const saved = restore(stored);
    Object.assign(state, { sessionId: saved.sessionId, messages: saved.messages });
    ui.log.replaceChildren();
    renderHistory();
  }

  function save() {
    state.messages = state.messages.slice(-MAX_HISTORY);
    try {
      localStorage.setItem(storageKey, JSON.stringify(state));
    } catch (error) {
      // storage full or blocked: the chat still works, it just won't survive a reload
    }
  }

  function newSessionId() {
    const bytes = crypto.getRandomValues(new Uint8Array(16));
    return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  }

  // Only what the widget knows how to show survives, whatever the server or storage holds.
  function cleanMessage(message) {
    if (!message || typeof message.text !== "string") return null;
    const buttons = Array.isArray(message.buttons) ? message.buttons.filter(isButton) : [];
    return {
      from: message.from === "user" ? "user" : "bot",
      text: message.text,
      buttons: buttons.map((b) => (b.url ? { title: b.title, url: b.url } : { title: b.title, payload: b.payload })),
      style: ["urgent", "advice", "error"].includes(message.style) ? message.style : "",
      time: typeof message.time === "number" ? message.time : Date.now(),
    };
  }

  function isButton(button) {
    return button && typeof button.title === "string" &&
      (typeof button.payload === "string" || (typeof button.url === "string" && isWebLink(button.url)));
  }

  function isWebLink(url) {
    try {
      return ["http:", "https:"].includes(new URL(url).protocol);
    } catch (error) {
      return false;
    }
  }

  // --- the page ----------------------------------------------------------------------

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
    const input = element("textarea", { rows: "1", maxlength: String(MAX_MESSAGE_CHARS),
      "aria-label": "Your question", placeholder: "Type your question…" });
    const send = element("button", { type: "submit", class: "send" }, "Send");
    const form = element("form", { class: "composer" }, input, send);
    const note = element("p", { class: "note" }, "Not for emergencies: if you are seriously unwell, " + callEmergency() + ".");
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
      sendText(input.value);
    });
    input.addEventListener("keydown", (event) => {
      if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        sendText(input.value);
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

  function fitInput(input) {
    input.style.height = "auto";
    input.style.height = Math.min(input.scrollHeight + 2, 120) + "px"; // + the borders
  }

  function open(focus) {
    ui.panel.hidden = false;
    ui.launcher.setAttribute("aria-expanded", "true");
    ui.launcher.classList.add("launcher--open");
    coverPage(phone.matches);
    state.open = true;
    greetIfNew();
    save();
    showLatest();
    if (focus) ui.input.focus();
    connect();
  }

  function shut() {
    ui.panel.hidden = true;
    ui.launcher.setAttribute("aria-expanded", "false");
    ui.launcher.classList.remove("launcher--open");
    coverPage(false);
    state.open = false;
    save();
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

  function renderHistory() {
    const lastFromVisitor = state.messages.map((m) => m.from).lastIndexOf("user");
    state.messages.forEach((message, index) => ui.log.append(renderMessage(message, index > lastFromVisitor, false)));
    showLatest();
  }

  function greetIfNew() {
    if (!state.messages.length) addMessage({ from: "bot", text: config.greeting });
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
      const group = element("div", { class: "quick-replies", role: "group", "aria-label": "Suggested replies" });
      for (const reply of replies) {
        const button = element("button", { type: "button", class: "quick-reply" }, reply.title);
        button.addEventListener("click", (event) => {
          sendText(reply.payload, reply.title);
          if (event.detail === 0) ui.input.focus(); // chosen from the keyboard: the button is gone
        });
        group.append(button);
      }
      item.append(group);
    }
    const when = new Date(message.time);
    item.append(element("time", { datetime: when.toISOString() },
      when.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" })));
    return item;
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

  function addMessage(raw) {
    const message = cleanMessage({ ...raw, time: Date.now() });
    if (!message) return;
    if (message.from === "user") {
      ui.log.querySelectorAll(".quick-replies").forEach((group) => group.remove());
    }
    if (raw.style === "erased") { // the conversation was deleted on the server: forget it here too
      state.messages = [];
      ui.log.replaceChildren();
    }
    state.messages.push(message);
    save();
    ui.log.append(renderMessage(message, true, true));
    showLatest();
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
    clearTimeout(answerTimer);
    if (on) answerTimer = setTimeout(noAnswer, ANSWER_TIMEOUT_MS);
    showLatest();
  }

  // --- talking to the assistant -------------------------------------------------------

  function sendText(text, shownAs) {
    const message = text.trim();
    if (!message) return;
    addMessage({ from: "user", text: shownAs || message });
    ui.input.value = "";
    fitInput(ui.input);
    setTyping(true);
    if (socketReady) {
      socket.emit("user_uttered", { message: message, session_id: state.sessionId });
    } else {
      sendOverRest(message);
    }
  }

  // Asked, and nothing came back: say how else to get help, and send the next message over
  // REST until the socket is confirmed again (it may be connected to a server that is gone).
  function noAnswer() {
    socketReady = false;
    setTyping(false);
    addMessage({ from: "bot", style: "error", text: unreachable() });
  }

  function receive(message) {
    setTyping(false);
    addMessage({ ...message, from: "bot" });
  }

  function connect() {
    if (socket || typeof io !== "function") return; // without socket.io, REST carries every message
    socket = io(config.server, { transports: ["polling"] }); // Rasa 3.6 cannot upgrade to websockets
    socket.on("connect", () => socket.emit("session_request", { session_id: state.sessionId }));
    socket.on("session_confirm", (sessionId) => {
      if (typeof sessionId === "string" && sessionId) state.sessionId = sessionId;
      save();
      socketReady = true;
    });
    socket.on("disconnect", () => (socketReady = false));
    socket.on("bot_uttered", receive);
  }

  async function sendOverRest(message) {
    try {
      const reply = await fetch(config.server + "/webhooks/rest/webhook", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ sender: state.sessionId, message: message }),
      });
      const body = await reply.json();
      if (reply.status === 429 && typeof body.error === "string") {
        setTyping(false);
        addMessage({ from: "bot", style: "error", text: body.error }); // asked to slow down
        return;
      }
      if (!reply.ok || !Array.isArray(body)) throw new Error("HTTP " + reply.status);
      setTyping(false);
      body.forEach(receive);
    } catch (error) {
      setTyping(false);
      addMessage({ from: "bot", style: "error", text: unreachable() });
    }
  }

  function callEmergency() {
    return config.emergencyNumber ? "call " + config.emergencyNumber : "call your local emergency number";
  }

  // Said when the assistant cannot be reached: the ways to help that need no server.
  function unreachable() {
    const clinic = config.phone ? "call " + config.clinicName + " on " + config.phone : "contact " + config.clinicName;
    return "Sorry, I can't reach the assistant right now. Please try again in a moment, or " + clinic +
      ". If you are seriously unwell, " + callEmergency() + ".";
  }
})();
