// Turns the admin's comma-separated tag box into a picker that suggests existing tags
// and accepts new ones. The names still travel in the original box, so the form
// posts exactly what it would without this script.
(function ($) {
  "use strict";

  function names(text) {
    return text.split(",").map((name) => name.trim()).filter(Boolean);
  }

  function attach(input) {
    const picker = document.createElement("select");
    picker.multiple = true;
    picker.id = input.id + "_picker";
    for (const name of names(input.value)) {
      picker.add(new Option(name, name, true, true));
    }
    input.type = "hidden";
    input.insertAdjacentElement("afterend", picker);
    const label = document.querySelector(`label[for="${input.id}"]`);
    if (label) {
      label.htmlFor = picker.id;
    }
    $(picker).select2({
      tags: true,
      tokenSeparators: [","],
      width: "style",
      ajax: { url: input.dataset.tagSuggestions, dataType: "json", delay: 200 },
    });
    $(picker).on("change", () => {
      input.value = ($(picker).val() || []).join(", ");
    });
  }

  $(() => document.querySelectorAll("input[data-tag-suggestions]").forEach(attach));
})(django.jQuery);
