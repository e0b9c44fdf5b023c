/* convene.js: quick exit replaces this page in the history and leaves at once;
 * the Escape key does the same. Pages work without it: the link still leaves. */
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
	document.addEventListener("keydown", function (event) {
		if (event.key === "Escape") leave(event);
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
