/* Progressive enhancements for the QBO emulator. Every page works without this file. */
(function () {
  "use strict";

  function syncRequires(root) {
    root.querySelectorAll("[data-requires]").forEach(function (button) {
      var box = document.getElementById(button.getAttribute("data-requires"));
      if (!box) return;
      var update = function () { button.disabled = !box.checked; };
      box.addEventListener("change", update);
      update();
    });
  }

  function syncMappings(root) {
    root.querySelectorAll(".source-account").forEach(function (row) {
      var tick = row.querySelector(".account-tick");
      var mapping = row.querySelector(".mapping");
      if (!tick || !mapping) return;
      var update = function () { mapping.hidden = !tick.checked; };
      tick.addEventListener("change", update);
      update();
    });
    var panel = root.querySelector("#new-account");
    if (!panel) return;
    var newFor = root.querySelector("#new-for");
    var type = root.querySelector("#new-type");
    var detail = root.querySelector("#new-detail");
    var cancel = root.querySelector("#new-cancel");
    if (panel.hasAttribute("data-closed")) panel.hidden = true;
    if (cancel) cancel.hidden = false;

    var filterDetails = function () {
      var first = null;
      detail.querySelectorAll("optgroup").forEach(function (group) {
        var match = group.getAttribute("data-kind") === type.value;
        group.disabled = !match;
        group.hidden = !match;
        if (match && !first) first = group.querySelector("option");
      });
      var current = detail.selectedOptions[0];
      if (!current || current.parentElement.disabled) { if (first) first.selected = true; }
    };
    type.addEventListener("change", filterDetails);
    filterDetails();

    var openFor = function (select, focus) {
      var fresh = newFor.value !== select.getAttribute("data-source");
      newFor.value = select.getAttribute("data-source");
      // A card opens on Credit Card, others on Bank (a re-shown form keeps what was entered).
      if (fresh && select.getAttribute("data-new-type") && !panel.querySelector(".alert")) {
        type.value = select.getAttribute("data-new-type");
        filterDetails();
      }
      panel.hidden = false;
      if (focus) type.focus();
    };
    root.querySelectorAll(".account-map").forEach(function (select) {
      select.addEventListener("change", function () {
        if (select.value === "__new__") openFor(select, true);
      });
      // "+ Add new" may already be chosen (a re-rendered form, or a choice made before this ran).
      if (select.value === "__new__" && panel.hidden) openFor(select, document.activeElement === select);
    });
    if (cancel) {
      cancel.addEventListener("click", function () {
        var source = root.querySelector("#map-" + newFor.value);
        if (source && source.value === "__new__") source.value = "";
        panel.hidden = true;
        if (source) source.focus();
      });
    }
    var back = root.querySelector("[data-autofocus]");
    if (back) back.focus();
    else if (panel.querySelector(".alert")) panel.querySelector(".alert").focus();
  }

  function syncStartDate(root) {
    var input = root.querySelector("#start-date");
    if (!input) return;
    var notice = root.querySelector("#start-notice");
    var text = root.querySelector("#older-text");
    var update = function () {
      var older = input.value && input.value < input.getAttribute("data-earliest");
      notice.textContent = older ? text.content.textContent : "";
    };
    input.addEventListener("change", update);
    input.addEventListener("input", update);
    update();
    root.querySelectorAll(".preset").forEach(function (button) {
      button.addEventListener("click", function () {
        input.value = button.getAttribute("data-date");
        update();
      });
    });
  }

  function syncMenus(root) {
    root.querySelectorAll(".menu-button").forEach(function (button) {
      var menu = document.getElementById(button.getAttribute("aria-controls"));
      if (!menu) return;
      button.hidden = false;
      menu.hidden = true;
      button.addEventListener("click", function () {
        var open = button.getAttribute("aria-expanded") !== "true";
        button.setAttribute("aria-expanded", String(open));
        menu.hidden = !open;
        if (open) { var first = menu.querySelector("button"); if (first) first.focus(); }
      });
      menu.addEventListener("keydown", function (event) {
        if (event.key === "Escape") {
          button.setAttribute("aria-expanded", "false");
          menu.hidden = true;
          button.focus();
        }
      });
    });
  }

  // Tabs: Left and Right move between them, as the ARIA tabs pattern expects. One listener on the
  // document, so that a tab list an htmx swap has just put in place answers the keys at once.
  function syncTabs(root) {
    root.querySelectorAll("[role=tablist] [role=tab]").forEach(function (tab) {
      tab.setAttribute("tabindex", tab.getAttribute("aria-selected") === "true" ? "0" : "-1");
    });
  }

  document.addEventListener("keydown", function (event) {
    var step = event.key === "ArrowRight" ? 1 : event.key === "ArrowLeft" ? -1 : 0;
    var tab = event.target.closest && event.target.closest("[role=tablist] [role=tab]");
    if (!step || !tab) return;
    var tabs = Array.prototype.slice.call(tab.closest("[role=tablist]").querySelectorAll("[role=tab]"));
    event.preventDefault();
    tabs[(tabs.indexOf(tab) + step + tabs.length) % tabs.length].focus();
  });

  // Batch actions: "select all on this page" ticks every row; the buttons wait for a ticked row.
  function syncBatch(root) {
    root.querySelectorAll(".register-form").forEach(function (form) {
      var all = form.querySelector("[data-select-all]");
      var boxes = Array.prototype.slice.call(form.querySelectorAll("input[name=ids]"));
      var buttons = form.querySelectorAll(".batch button");
      var update = function () {
        var ticked = boxes.filter(function (box) { return box.checked; }).length;
        if (all) {
          all.checked = ticked > 0 && ticked === boxes.length;
          all.indeterminate = ticked > 0 && ticked < boxes.length;
        }
        buttons.forEach(function (button) { button.disabled = ticked === 0; });
      };
      if (all) {
        all.addEventListener("change", function () {
          boxes.forEach(function (box) { box.checked = all.checked; });
          update();
        });
      }
      boxes.forEach(function (box) { box.addEventListener("change", update); });
      update();
    });
  }

  // The side menu (a <details>) is open on a wide screen: CSS shows it there anyway; this opens it
  // for browsers whose CSS can't, so its state says what the screen shows.
  function syncSideMenu(root) {
    var menu = root.querySelector("details.sidenav-menu");
    if (menu && window.matchMedia("(min-width: 761px)").matches) menu.open = true;
  }

  function enhance(root) {
    syncSideMenu(root);
    syncTabs(root);
    syncRequires(root);
    syncMappings(root);
    syncStartDate(root);
    syncMenus(root);
    syncBatch(root);
  }

  if (window.htmx) {
    window.htmx.onLoad(enhance);
  } else {
    document.addEventListener("DOMContentLoaded", function () { enhance(document); });
  }
})();
