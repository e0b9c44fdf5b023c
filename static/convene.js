/* convene.js: quick exit replaces this page in the history and leaves at once;
 * pressing Shift three times does the same (GOV.UK's "Exit this page"), but
 * not while typing in a field, and only on pages with the button. Escape is
 * left alone: browsers use it to stop loading. Without script the link
 * still leaves. */
(function () {
	"use strict";
	function leave(event) {
		var link = document.getElementById("quick-exit");
		if (!link) return;
		if (event) event.preventDefault();
		document.body.style.display = "none";
		window.location.replace(link.href);
	}
	document.addEventListener("DOMContentLoaded", function () {
		var link = document.getElementById("quick-exit");
		if (link) link.addEventListener("click", leave);
	});
	var presses = 0, timer = null;
	function typing(t) {
		return t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName));
	}
	document.addEventListener("keyup", function (event) {
		if (event.key !== "Shift" || typing(event.target) ||
		    !document.getElementById("quick-exit")) {
			if (event.key !== "Shift") presses = 0;
			return;
		}
		presses++;
		clearTimeout(timer);
		timer = setTimeout(function () { presses = 0; }, 5000);
		if (presses >= 3) leave(event);
	});
})();

/* The door page's live count: refreshed every five seconds while open. */
(function () {
	"use strict";
	document.addEventListener("DOMContentLoaded", function () {
		var present = document.getElementById("present");
		var checkedIn = document.getElementById("checked-in");
		if (!present || !present.dataset.countUrl || !window.fetch) return;
		setInterval(function () {
			fetch(present.dataset.countUrl, { credentials: "same-origin" })
				.then(function (r) { return r.ok ? r.json() : null; })
				.then(function (j) {
					if (!j) return;
					present.textContent = j.present;
					if (checkedIn) checkedIn.textContent = j.checked_in;
				})
				.catch(function () {});
		}, 5000);
	});
})();

/* The Q&A: questions arrive over server-sent events and are placed in
 * order; without JavaScript the page still works by reloading. */
(function () {
	"use strict";
	function el(tag, cls, text) {
		var e = document.createElement(tag);
		if (cls) e.className = cls;
		if (text !== undefined) e.textContent = text;
		return e;
	}
	function item(list, q) {
		var li = el("li", "question"), code = list.dataset.code;
		li.dataset.id = q.id;
		li.dataset.votes = q.votes;
		if (q.pinned) { li.classList.add("pinned"); li.appendChild(el("p", "tag", "Being answered now")); }
		else if (q.answered) { li.classList.add("answered"); li.appendChild(el("p", "tag", "Answered")); }
		li.appendChild(el("p", "q-text", q.text));
		var meta = el("p", "q-meta");
		meta.appendChild(el("span", "q-name", q.name || "Anonymous"));
		meta.appendChild(document.createTextNode(" · "));
		meta.appendChild(el("span", "q-votes", String(q.votes)));
		meta.appendChild(document.createTextNode(" votes"));
		li.appendChild(meta);
		if (q.status === "approved" && !list.dataset.present) {
			var f = el("form", "vote");
			f.method = "post";
			f.action = "/qa/" + code + "/questions/" + q.id + "/vote";
			var b = el("button", "small secondary", "Vote");
			b.type = "submit";
			b.appendChild(el("span", "visually-hidden", " for this question"));
			f.appendChild(b);
			li.appendChild(f);
		}
		return li;
	}
	function rank(li, byNew) {
		var pinned = li.classList.contains("pinned") ? 1 : 0;
		var answered = li.classList.contains("answered") ? 1 : 0;
		return [answered, -pinned, byNew ? -Number(li.dataset.id) : -Number(li.dataset.votes), Number(li.dataset.id)];
	}
	function place(list) {
		var byNew = list.dataset.sort === "new";
		var items = Array.prototype.slice.call(list.children);
		items.sort(function (a, b) {
			var x = rank(a, byNew), y = rank(b, byNew);
			for (var i = 0; i < x.length; i++) if (x[i] !== y[i]) return x[i] - y[i];
			return 0;
		});
		items.forEach(function (li, i) {
			if (list.dataset.present && i >= 6) li.hidden = true; else li.hidden = false;
			list.appendChild(li);
		});
		var empty = document.querySelector("p.empty");
		if (empty) empty.hidden = items.length > 0;
	}
	document.addEventListener("DOMContentLoaded", function () {
		var list = document.getElementById("questions");
		var live = document.getElementById("mod-live");
		if (live && live.dataset.stream && window.EventSource) {
			var mes = new EventSource(live.dataset.stream);
			mes.addEventListener("question", function () {
				live.hidden = false;
			});
			/* Missed more than can be replayed: say so, keep the typing. */
			mes.addEventListener("reload", function () {
				live.hidden = false;
			});
		}
		if (!list || !list.dataset.stream || !window.EventSource) return;
		list.querySelectorAll("li.question").forEach(function (li) {
			var v = li.querySelector(".q-votes");
			li.dataset.votes = v ? v.textContent : "0";
		});
		var es = new EventSource(list.dataset.stream);
		es.addEventListener("question", function (ev) {
			var q = JSON.parse(ev.data);
			var old = list.querySelector('li[data-id="' + q.id + '"]');
			var show = q.status === "approved" || (q.status === "answered" && !list.dataset.present);
			if (old) old.remove();
			if (show) list.appendChild(item(list, q));
			place(list);
		});
		/* After a reconnect the server could not bring the list up to
		 * date (what was missed is no longer kept): load it afresh, so
		 * nothing a moderator hid stays on a screen. */
		es.addEventListener("reload", function () {
			window.location.reload();
		});
	});
})();
