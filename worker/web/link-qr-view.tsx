// A link's QR code on its page, with its downloads (GET /urls/{id}/qr.svg and qr.png, read with the
// session like every page).
import type { UrlResponse } from "../contracts/responses";

export function LinkQr({ url, short }: { url: UrlResponse; short: string }) {
  return (
    <figure>
      <img src={`/urls/${url.id}/qr.svg?size=160`} width="160" height="160" alt={`QR code for ${short}`} />
      <figcaption>
        <a href={`/urls/${url.id}/qr.png?size=1024`} download={`${url.short_code}.png`}>
          Download PNG
        </a>{" "}
        ·{" "}
        <a href={`/urls/${url.id}/qr.svg`} download={`${url.short_code}.svg`}>
          SVG
        </a>
      </figcaption>
    </figure>
  );
}
