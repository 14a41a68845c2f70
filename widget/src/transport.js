/*
 * Talking to the assistant as one stream of messages: Rasa's socket.io channel while the
 * socket is confirmed, its REST channel otherwise (no socket.io, no connection yet, or a
 * socket that stopped answering). Whatever goes wrong, the page hears it as one problem
 * with a text to show, never as silence.
 */
const ClinicChatTransport = (() => {
  const ANSWER_TIMEOUT_MS = 20000;

  // session: { id } (read when sending, set when the server confirms one);
  // onMessage(message) for each answer; onDone() when a REST reply has brought them all;
  // onProblem(text or null) when no answer will come: text is the server's own words
  // (asked to slow down), null means unreachable.
  function create({ server, session, onMessage, onDone, onProblem, io = globalThis.io,
                    fetch = (...args) => globalThis.fetch(...args), timeoutMs = ANSWER_TIMEOUT_MS }) {
    let socket = null;
    let socketReady = false;
    let answerTimer = null;

    function connect() {
      if (socket || typeof io !== "function") return; // without socket.io, REST carries every message
      socket = io(server, { transports: ["polling"] }); // Rasa 3.6 cannot upgrade to websockets
      socket.on("connect", () => socket.emit("session_request", { session_id: session.id }));
      socket.on("session_confirm", (sessionId) => {
        if (typeof sessionId === "string" && sessionId) session.id = sessionId;
        socketReady = true;
      });
      socket.on("disconnect", () => (socketReady = false));
      socket.on("bot_uttered", receive);
    }

    function send(message) {
      waitForAnswer();
      if (socketReady) {
        socket.emit("user_uttered", { message: message, session_id: session.id });
      } else {
        sendOverRest(message);
      }
    }

    function waitForAnswer() {
      clearTimeout(answerTimer);
      answerTimer = setTimeout(noAnswer, timeoutMs);
    }

    function receive(message) {
      clearTimeout(answerTimer);
      onMessage(message);
    }

    function problem(text) {
      clearTimeout(answerTimer);
      onProblem(text);
    }

    // Asked, and nothing came back: the next message goes over REST until the socket is
    // confirmed again (it may be connected to a server that is gone).
    function noAnswer() {
      socketReady = false;
      onProblem(null);
    }

    async function sendOverRest(message) {
      try {
        const reply = await fetch(server + "/webhooks/rest/webhook", {
          method: "POST",
          headers: { "Content-Type": "application/json" },
          body: JSON.stringify({ sender: session.id, message: message }),
        });
        const body = await reply.json();
        if (reply.status === 429 && typeof body.error === "string") return problem(body.error); // slow down
        if (!reply.ok || !Array.isArray(body)) throw new Error("HTTP " + reply.status);
        clearTimeout(answerTimer);
        body.forEach(onMessage);
        onDone();
      } catch (error) {
        problem(null);
      }
    }

    return { connect, send };
  }

  return { ANSWER_TIMEOUT_MS, create };
})();

if (typeof module === "object") module.exports = ClinicChatTransport; // node's tests (widget/test/)
