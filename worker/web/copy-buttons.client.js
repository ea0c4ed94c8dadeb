// Copy buttons for read-only fields marked data-copy (the domains page's DNS records): the page renders
// none, so without script each field is still selected and copied by hand. data-copy names what the
// field holds ("the value of the TXT record for go.example.com"): the button's accessible name.
// The pages' CSP allows no inline script or handler, so everything is wired here.
(() => {
  const SHOWN_MS = 2000;
  /** The old way, for where the Clipboard API is missing or refused (plain http, an old browser). */
  const copyBySelection = (field, button) => {
    field.focus();
    field.select();
    let copied = false;
    try {
      copied = document.execCommand("copy");
    } catch {
      // Refused too: the field stays selected for the person to copy.
    }
    // Copied: back to the button, as after the Clipboard API.
    if (copied) button.focus();
    return copied;
  };
  const copy = async (field, button) => {
    if (navigator.clipboard) {
      try {
        await navigator.clipboard.writeText(field.value);
        return true;
      } catch {
        // Refused (no permission, the document not focused): try the old way.
      }
    }
    return copyBySelection(field, button);
  };
  for (const field of document.querySelectorAll("input[data-copy]")) {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "quiet copy-button";
    button.textContent = "Copy";
    button.setAttribute("aria-label", `Copy ${field.dataset.copy}`);
    const status = document.createElement("span");
    status.className = "copy-status";
    status.setAttribute("role", "status");
    status.setAttribute("aria-live", "polite");
    field.after(button, status);
    let timer;
    button.addEventListener("click", async () => {
      clearTimeout(timer);
      status.textContent = "";
      const copied = await copy(field, button);
      // Selected but not copied: the person copies it with their keyboard.
      status.textContent = copied ? "Copied" : "Selected: copy it with Ctrl+C or ⌘C";
      if (copied) {
        timer = setTimeout(() => {
          status.textContent = "";
        }, SHOWN_MS);
      }
    });
  }
})();
