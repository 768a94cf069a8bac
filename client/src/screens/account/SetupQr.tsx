import QRCode from 'qrcode';
import { useEffect, useState } from 'react';

/**
 * The two-step set-up as a QR code for an authenticator app to scan (M8). Drawn in the browser
 * (qrcode, a maintained encoder) into a data: image, so the secret never leaves the page; the key as
 * text stays beside it for anyone who cannot scan.
 */
export function SetupQr(props: { otpauthUrl: string }) {
  const [src, setSrc] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    QRCode.toDataURL(props.otpauthUrl, { margin: 2, width: 200, errorCorrectionLevel: 'M' })
      .then((url) => live && setSrc(url))
      .catch(() => live && setSrc(null));
    return () => {
      live = false;
    };
  }, [props.otpauthUrl]);
  if (!src) return null;
  return (
    <img
      className="setup-qr"
      src={src}
      width={200}
      height={200}
      alt="A QR code holding the setup key: scan it with your authenticator app"
    />
  );
}
