// Web chat client for /chat/ws (frames described in CONTRACT.md). Text is always inserted as
// text, never as HTML.
(function () {
  "use strict";
  var texts = JSON.parse(document.getElementById("texts").textContent);
  var log = document.getElementById("log");
  var status = document.getElementById("status");
  var input = document.getElementById("text");
  var picker = document.getElementById("language");
  var socket = null;
  var language = document.documentElement.lang;

  function applyLanguage(code) {
    if (!texts[code] || code === language) return;
    language = code;
    var t = texts[code];
    document.documentElement.lang = code;
    document.documentElement.dir = t.dir;
    document.title = t.title;
    document.getElementById("safety").textContent = t.safety_line;
    input.placeholder = t.placeholder;
    document.querySelector("form button").textContent = t.send;
    picker.value = code;
  }

  function add(kind, text, buttons) {
    var item = document.createElement("div");
    item.className = "msg " + kind;
    item.textContent = text;
    if (buttons && buttons.length) {
      var row = document.createElement("div");
      row.className = "buttons";
      buttons.forEach(function (b) {
        var button = document.createElement("button");
        button.type = "button";
        button.textContent = b.title;
        button.onclick = function () {
          add("person", b.title);
          send({ type: "payload", payload: b.payload, title: b.title });
        };
        row.appendChild(button);
      });
      item.appendChild(row);
    }
    log.appendChild(item);
    log.scrollTop = log.scrollHeight;
  }

  function send(frame) {
    if (socket && socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify(frame));
  }

  function connect() {
    var scheme = location.protocol === "https:" ? "wss://" : "ws://";
    socket = new WebSocket(scheme + location.host + "/chat/ws");
    socket.onopen = function () { status.textContent = ""; };
    socket.onclose = function () {
      status.textContent = texts[language].disconnected;
      setTimeout(connect, 3000);
    };
    socket.onmessage = function (event) {
      var frame = JSON.parse(event.data);
      if (frame.type === "session") {
        applyLanguage(frame.language);
      } else if (frame.type === "message") {
        if (frame.language) applyLanguage(frame.language);
        add(frame.from, frame.text, frame.buttons);
      } else if (frame.type === "status") {
        status.textContent = frame.mode === "waiting" ? texts[language].waiting_for_caseworker : "";
      } else if (frame.type === "error") {
        add("error", frame.message);
      }
    };
  }

  document.getElementById("composer").onsubmit = function (event) {
    event.preventDefault();
    var text = input.value.trim();
    if (!text) return;
    add("person", text);
    send({ type: "message", text: text });
    input.value = "";
  };
  picker.onchange = function () {
    send({ type: "language", code: picker.value });
  };
  connect();
})();
