/*
 * The clinic assistant's chat widget. Embed it with one tag (docs/website-widget.md):
 *
 *   <script src="https://<assistant>/clinic-chat.js" data-clinic-name="..." defer></script>
 *
 * `make widget` builds that one file from the socket.io client and these parts, each in
 * its own file: store.js (the conversation kept in the browser), transport.js (socket.io
 * and REST as one stream of messages), view.js (the page), and this one, which reads the
 * tag's settings and wires them together.
 */
const ClinicChat = (() => {
  const MAX_MESSAGE_CHARS = 2000; // the server refuses longer messages

  function settings(script) {
    const data = script.dataset;
    const emergencyNumber = data.emergencyNumber || "";
    return {
      server: (data.server || new URL(script.src).origin).replace(/\/+$/, ""),
      stylesheet: new URL("clinic-chat.css", script.src).href,
      clinicName: data.clinicName || "the clinic",
      greeting: data.greeting || "Hello! Ask me a question about our treatments, or how to book.",
      phone: data.phone || "",
      callEmergency: emergencyNumber ? "call " + emergencyNumber : "call your local emergency number",
      privacyUrl: data.privacyUrl && ClinicChatStore.isWebLink(data.privacyUrl) ? data.privacyUrl : "",
      keepDays: /^[1-9][0-9]*$/.test(data.keepDays || "") ? data.keepDays : "",
      color: data.color && CSS.supports("color", data.color) ? data.color : "",
      container: data.container ? document.querySelector(data.container) : null,
      maxMessageChars: MAX_MESSAGE_CHARS,
    };
  }

  function start(script) {
    const config = settings(script);
    const storageKey = "clinic-chat:" + config.server;
    const state = ClinicChatStore.restore(localStorage.getItem(storageKey));
    const session = {
      get id() { return state.sessionId; },
      set id(value) { state.sessionId = value; save(); },
    };
    const transport = ClinicChatTransport.create({
      server: config.server,
      session,
      onMessage: (message) => {
        view.setTyping(false);
        addMessage({ ...message, from: "bot" });
      },
      onDone: () => view.setTyping(false),
      onProblem: (text) => {
        view.setTyping(false);
        addMessage({ from: "bot", style: "error", text: text || unreachable() });
      },
    });
    const view = ClinicChatView.create(config, {
      send: sendText,
      opened: () => {
        state.open = true;
        greetIfNew();
        save();
        transport.connect();
      },
      shut: () => {
        state.open = false;
        save();
      },
    });

    view.showHistory(state.messages);
    // Tabs of one site share the conversation: the tab that asks gets the answers (the
    // server replies to its socket alone) and stores them; the other tabs show them from
    // storage, as that tab left them (this tab stays open or shut).
    window.addEventListener("storage", (event) => {
      if (event.key !== storageKey) return;
      const saved = ClinicChatStore.restore(event.newValue);
      Object.assign(state, { sessionId: saved.sessionId, messages: saved.messages });
      view.showHistory(state.messages);
    });
    if (config.container) {
      greetIfNew();
      transport.connect();
    } else if (state.open) {
      view.open(false);
    }

    function save() {
      try {
        localStorage.setItem(storageKey, ClinicChatStore.serialise(state));
      } catch (error) {
        // storage full or blocked: the chat still works, it just won't survive a reload
      }
    }

    function greetIfNew() {
      if (!state.messages.length) addMessage({ from: "bot", text: config.greeting });
    }

    function addMessage(raw) {
      const message = ClinicChatStore.cleanMessage({ ...raw, time: Date.now() });
      if (!message) return;
      if (raw.style === "erased") { // the conversation was deleted on the server: forget it here too
        state.messages = [];
        view.showHistory(state.messages);
      }
      state.messages.push(message);
      save();
      view.showMessage(message);
    }

    function sendText(text, shownAs) {
      const message = text.trim();
      if (!message) return;
      addMessage({ from: "user", text: shownAs || message });
      view.clearInput();
      view.setTyping(true);
      transport.send(message);
    }

    // Said when the assistant cannot be reached: the ways to help that need no server.
    function unreachable() {
      const clinic = config.phone ? "call " + config.clinicName + " on " + config.phone : "contact " + config.clinicName;
      return "Sorry, I can't reach the assistant right now. Please try again in a moment, or " + clinic +
        ". If you are seriously unwell, " + config.callEmergency + ".";
    }
  }

  return { start };
})();

ClinicChat.start(document.currentScript);
