// A link's QR code on its page, and a form for its downloads: a GET of /app/links/{id}/qr.png or qr.svg
// (link-downloads.tsx), which take exactly the API's parameters (contracts/qr-query.ts).
// It works without JavaScript; its limits keep the browser from sending what the API refuses, except
// colours that would not scan (the API's 400 says so).
import type { UrlResponse } from "../contracts/responses";
import { APP_PATH } from "./page-shell";

/** The API's defaults (size, margin, colours) and its ranges; the smallest size leaves room for any margin. */
export const QR_FORM = {
  size: { value: 512, min: 128, max: 2048 },
  margin: { value: 4, min: 0, max: 16 },
  fg: "#000000",
  bg: "#ffffff",
  ecc: ["L", "M", "Q", "H"],
} as const;

const ECC_WORDS: Record<(typeof QR_FORM.ecc)[number], string> = {
  L: "L (7%)",
  M: "M (15%)",
  Q: "Q (25%)",
  H: "H (30%)",
};

export function LinkQr({ url, short }: { url: UrlResponse; short: string }) {
  const path = `${APP_PATH}/links/${url.id}/qr`;
  return (
    <div class="qr">
      <figure>
        <img src={`${path}.svg?size=160`} width="160" height="160" alt={`QR code for ${short}`} />
        <figcaption>Scans to the short link</figcaption>
      </figure>
      {/* Folded: the page's head stays short; opening it needs no script. */}
      <details class="qr-download">
        <summary id="qr-options-title">Download the QR code (PNG or SVG)</summary>
        <form class="qr-options" method="get" action={`${path}.png`} aria-labelledby="qr-options-title">
          <div class="qr-grid">
            <div class="field">
              <label for="qr-size">Size (px)</label>
              <input
                id="qr-size"
                name="size"
                type="number"
                inputmode="numeric"
                required
                min={QR_FORM.size.min}
                max={QR_FORM.size.max}
                step="1"
                value={String(QR_FORM.size.value)}
              />
            </div>
            <div class="field">
              <label for="qr-margin">Margin (modules)</label>
              <input
                id="qr-margin"
                name="margin"
                type="number"
                inputmode="numeric"
                required
                min={QR_FORM.margin.min}
                max={QR_FORM.margin.max}
                step="1"
                value={String(QR_FORM.margin.value)}
              />
            </div>
            <div class="field">
              <label for="qr-fg">Dark colour</label>
              <input id="qr-fg" name="fg" type="color" value={QR_FORM.fg} aria-describedby="qr-colours-note" />
            </div>
            <div class="field">
              <label for="qr-bg">Light colour</label>
              <input id="qr-bg" name="bg" type="color" value={QR_FORM.bg} aria-describedby="qr-colours-note" />
            </div>
          </div>
          <p class="note" id="qr-colours-note">
            Dark on light, with a contrast of at least 4:1, or scanners cannot read it.
          </p>
          <fieldset aria-describedby="qr-ecc-note">
            <legend>Error correction</legend>
            {QR_FORM.ecc.map((level) => (
              <label class="choice">
                <input type="radio" name="ecc" value={level} /> {ECC_WORDS[level]}
              </label>
            ))}
            <p class="note" id="qr-ecc-note">
              Leave it unchosen for M, or H with the logo. More survives damage but makes a denser code.
            </p>
          </fieldset>
          <label class="choice">
            <input type="checkbox" name="logo" value="true" /> Linkscope mark in the centre (needs H, or none chosen)
          </label>
          <div class="qr-actions">
            <button type="submit">Download PNG</button>
            <button type="submit" formaction={`${path}.svg`}>
              Download SVG
            </button>
            <button class="quiet" type="reset">
              Reset
            </button>
          </div>
        </form>
      </details>
    </div>
  );
}
