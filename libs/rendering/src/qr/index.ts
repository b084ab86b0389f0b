export { QR_ERROR_CORRECTION, QR_QUIET_ZONE_MODULES, qrCodeDataUri, svgOfQrCodeDataUri } from './qr-code';
